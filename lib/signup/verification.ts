import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { ApiError } from "../errors";
import { db } from "../db";
import { recordAudit } from "../audit";
import { escapeHtml } from "../email/escape-html";
import { sendEmail } from "../email/send";
import { recordInstanceAudit } from "../instance/audit";

export const VERIFICATION_TTL_MS = 24 * 3600_000;

const digest = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** A new single-use link; earlier unused links of the account stop working, so only the latest e-mail counts. */
export async function issueVerification(
  userId: string,
  joinCode: string | null,
  baseUrl: string,
): Promise<{ id: string; link: string }> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await db.emailVerification.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
  const row = await db.emailVerification.create({
    data: { userId, tokenHash: digest(token), joinCode, expiresAt: new Date(now.getTime() + VERIFICATION_TTL_MS) },
  });
  return { id: row.id, link: new URL(`/verify-email/${token}`, baseUrl).toString() };
}

export async function sendVerificationEmail(
  user: { email: string; name: string },
  verification: { id: string; link: string },
): Promise<void> {
  const { link } = verification;
  const text = [
    `Hello ${user.name},`,
    "",
    "Confirm the e-mail address of your new Chartroom account:",
    link,
    "",
    "The link works once and expires in 24 hours. If you did not sign up, ignore this e-mail: the account stays unusable.",
  ].join("\n");
  const html = `<p>Hello ${escapeHtml(user.name)},</p>
<p>Confirm the e-mail address of your new Chartroom account:</p>
<p><a href="${escapeHtml(link)}">Confirm my address</a></p>
<p>The link works once and expires in 24 hours. If you did not sign up, ignore this e-mail: the account stays unusable.</p>`;
  await sendEmail({
    workspaceId: null,
    to: user.email,
    subject: "Confirm your Chartroom e-mail address",
    html,
    text,
    idempotencyKey: `email-verification:${verification.id}`,
    secretLinks: [link],
  });
}

/** Someone signed up with an address that has an account already: its owner hears of it, nobody else. */
export async function sendAlreadyRegisteredEmail(
  user: { id: string; email: string; name: string },
  baseUrl: string,
): Promise<void> {
  const signIn = new URL("/signin", baseUrl).toString();
  const reset = new URL("/forgot-password", baseUrl).toString();
  const text = [
    `Hello ${user.name},`,
    "",
    "Someone (hopefully you) tried to create a Chartroom account with this address, which already has one.",
    `Sign in: ${signIn}`,
    `Forgot your password? ${reset}`,
    "",
    "If it was not you, ignore this e-mail: nothing changed.",
  ].join("\n");
  const html = `<p>Hello ${escapeHtml(user.name)},</p>
<p>Someone (hopefully you) tried to create a Chartroom account with this address, which already has one.</p>
<p><a href="${escapeHtml(signIn)}">Sign in</a> · <a href="${escapeHtml(reset)}">Forgot your password?</a></p>
<p>If it was not you, ignore this e-mail: nothing changed.</p>`;
  await sendEmail({
    workspaceId: null,
    to: user.email,
    subject: "You already have a Chartroom account",
    html,
    text,
    idempotencyKey: `sign-up-existing:${user.id}:${randomBytes(8).toString("hex")}`,
  });
}

export interface Verified {
  userId: string;
  email: string;
  /** The workspace joined with the code the account signed up with, if any. */
  joined: { workspaceId: string; name: string } | null;
  /** Why the code could not be used (it was changed since). */
  joinProblem: string | null;
}

/**
 * Proves the address: the token works once, before it expires, for an active account. It is
 * claimed by a conditional update, so two uses at once cannot both succeed. With a join code
 * from sign-up, the account then joins that workspace as a member, if the code is still current.
 */
export async function verifyEmail(token: string, ip: string | null): Promise<Verified> {
  const now = new Date();
  const invalid = new ApiError(
    "gone",
    "This confirmation link has expired or was already used. Sign in to have a new one sent.",
  );
  const row = await db.emailVerification.findUnique({ where: { tokenHash: digest(token) }, include: { user: true } });
  if (!row || row.usedAt || row.expiresAt <= now || !row.user.active) throw invalid;
  const claimed = await db.emailVerification.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) throw invalid;
  await db.user.update({ where: { id: row.userId }, data: { emailVerified: true } });
  await db.emailVerification.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
  await recordInstanceAudit({ actor: row.user.email, action: "account.verified", entity: `user:${row.userId}`, ip });
  const result: Verified = { userId: row.userId, email: row.user.email, joined: null, joinProblem: null };
  if (!row.joinCode) return result;
  const workspace = await db.workspace.findUnique({
    where: { joinCode: row.joinCode },
    select: { id: true, name: true },
  });
  if (!workspace) {
    return {
      ...result,
      joinProblem:
        "The join code you signed up with has been changed since. Ask a workspace admin for the current one.",
    };
  }
  const existing = await db.membership.findUnique({
    where: { userId_workspaceId: { userId: row.userId, workspaceId: workspace.id } },
  });
  if (!existing) {
    await db.membership.create({ data: { userId: row.userId, workspaceId: workspace.id, role: "member" } });
    await recordAudit({
      workspaceId: workspace.id,
      actor: row.user.email,
      action: "member.joined",
      entity: `user:${row.userId}`,
      ip,
      details: { via: "join_code", signUp: true },
    });
  }
  return { ...result, joined: { workspaceId: workspace.id, name: workspace.name } };
}
