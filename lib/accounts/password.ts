import "server-only";
import { createHash, randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { ApiError } from "../errors";
import { db } from "../db";
import { escapeHtml } from "../email/escape-html";
import { sendEmail } from "../email/send";
import { logEvent } from "../log";

const RESET_TTL_MS = 60 * 60_000;

const digest = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/**
 * Sets a new password and ends every session signed in before now. Returns the instant the
 * caller's own replacement session must carry (see lib/auth/session-cookie.ts).
 */
async function setPassword(userId: string, password: string): Promise<Date> {
  const passwordHash = await bcrypt.hash(password, 10);
  const now = new Date();
  await db.user.update({ where: { id: userId }, data: { passwordHash, sessionsValidFrom: now } });
  return now;
}

/** Change password while signed in: the current one is required. Other sessions end. */
export async function changePassword(userId: string, current: string, next: string): Promise<Date> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await bcrypt.compare(current, user.passwordHash))) {
    throw new ApiError("invalid_parameter", "The current password is not right.", { param: "currentPassword" });
  }
  return setPassword(userId, next);
}

/**
 * "Forgot password": e-mails a single-use link valid for an hour to an active account with
 * this address. Nothing in the answer or its timing says whether the address exists: the
 * caller answers the same either way, and unknown addresses hash a token too.
 */
export async function requestPasswordReset(email: string, baseUrl: string): Promise<void> {
  const token = randomBytes(32).toString("base64url");
  const tokenHash = digest(token);
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, active: true },
  });
  if (!user || !user.active) return;
  const reset = await db.passwordReset.create({
    data: { userId: user.id, tokenHash, expiresAt: new Date(Date.now() + RESET_TTL_MS) },
  });
  const link = new URL(`/reset-password/${token}`, baseUrl).toString();
  const text = [
    `Hello ${user.name},`,
    "",
    "Someone (hopefully you) asked to reset the password of your Chartroom account.",
    `Choose a new password: ${link}`,
    "",
    "The link works once and expires in one hour. If you did not ask for it, ignore this e-mail: your password stays as it is.",
  ].join("\n");
  const html = `<p>Hello ${escapeHtml(user.name)},</p>
<p>Someone (hopefully you) asked to reset the password of your Chartroom account.</p>
<p><a href="${escapeHtml(link)}">Choose a new password</a></p>
<p>The link works once and expires in one hour. If you did not ask for it, ignore this e-mail: your password stays as it is.</p>`;
  try {
    await sendEmail({
      workspaceId: null,
      to: user.email,
      subject: "Reset your Chartroom password",
      html,
      text,
      idempotencyKey: `password-reset:${reset.id}`,
      secretLinks: [link],
    });
  } catch (error) {
    // The answer must not differ for known addresses, so a failed send is logged, not reported.
    logEvent("password_reset.send_failed", { user: user.id, error: (error as Error).message }, "error");
  }
}

/**
 * Sets a new password with a reset token: works once, within the hour. The token is claimed
 * by a conditional update, so two uses at once cannot both succeed. Every session ends.
 */
export async function resetPassword(token: string, password: string): Promise<{ userId: string; email: string }> {
  const now = new Date();
  const invalid = new ApiError("gone", "This reset link has expired or was already used. Ask for a new one.");
  const reset = await db.passwordReset.findUnique({ where: { tokenHash: digest(token) }, include: { user: true } });
  if (!reset || reset.usedAt || reset.expiresAt <= now || !reset.user.active) throw invalid;
  const claimed = await db.passwordReset.updateMany({ where: { id: reset.id, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) throw invalid;
  await setPassword(reset.userId, password);
  // The other links sent to this account stop working too.
  await db.passwordReset.updateMany({ where: { userId: reset.userId, usedAt: null }, data: { usedAt: now } });
  return { userId: reset.userId, email: reset.user.email };
}
