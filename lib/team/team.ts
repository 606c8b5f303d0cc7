import "server-only";
import { createHash, randomBytes, randomInt } from "node:crypto";
import bcrypt from "bcryptjs";
import { ApiError, notFound } from "../errors";
import { hasRole, isRole, type Role } from "../roles";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { isUniqueViolation } from "../db/errors";
import { hit, isLimited, rateLimitedError, type RateLimitRule } from "../rate-limit";
import { INVITE_TTL_DAYS, JOIN_CODE_LENGTH, type InviteSummary, type Member, type Team } from "./schemas";

// No 0/O, 1/I/L: codes are read aloud and typed by hand.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export interface Actor {
  id: string;
  email: string;
  role: Role;
}

async function members(workspaceId: string): Promise<Member[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows
    .filter((m) => isRole(m.role))
    .map((m) => ({
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role as Role,
      joinedAt: m.createdAt.toISOString(),
    }));
}

function inviteView(row: Awaited<ReturnType<typeof db.invite.findFirstOrThrow>>): InviteSummary {
  return {
    id: row.id,
    email: row.email,
    role: row.role as InviteSummary["role"],
    invitedBy: row.invitedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** Members for everyone; pending invites and the join code only for admins. */
export async function getTeam(workspaceId: string, role: Role): Promise<Team> {
  const admin = hasRole(role, "admin");
  const [list, invites, workspace] = await Promise.all([
    members(workspaceId),
    admin
      ? db.invite.findMany({
          where: { workspaceId, acceptedAt: null, expiresAt: { gt: new Date() } },
          orderBy: { createdAt: "desc" },
        })
      : Promise.resolve([]),
    db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { joinCode: true } }),
  ]);
  return { members: list, invites: invites.map(inviteView), joinCode: admin ? workspace.joinCode : null };
}

async function membershipOf(workspaceId: string, userId: string) {
  const membership = await db.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId } } });
  if (!membership || !isRole(membership.role)) throw notFound("Member");
  return membership as typeof membership & { role: Role };
}

/**
 * Owners are kept: the last one can be neither demoted nor removed (409). Only owners
 * touch owners, and nobody hands out a role above their own.
 */
async function checkChange(
  workspaceId: string,
  actor: Actor,
  target: { userId: string; role: Role },
  next: Role | null,
) {
  if (target.role === "owner" && actor.role !== "owner") {
    throw new ApiError("forbidden", "Only an owner can change or remove an owner.");
  }
  if (next && !hasRole(actor.role, next))
    throw new ApiError("forbidden", `You cannot give the ${next} role: it is above your own.`, { param: "role" });
  if (target.role === "owner" && next !== "owner") {
    const owners = await db.membership.count({ where: { workspaceId, role: "owner" } });
    if (owners <= 1) {
      throw new ApiError("conflict", "This is the workspace's last owner. Make someone else an owner first.");
    }
  }
}

export async function changeRole(
  workspaceId: string,
  actor: Actor,
  userId: string,
  role: Role,
): Promise<{ member: Member; from: Role }> {
  const membership = await membershipOf(workspaceId, userId);
  await checkChange(workspaceId, actor, { userId, role: membership.role }, role);
  await db.membership.update({ where: { id: membership.id }, data: { role } });
  const member = (await members(workspaceId)).find((m) => m.userId === userId);
  if (!member) throw notFound("Member");
  return { member, from: membership.role };
}

/** Admins remove others; anyone may leave. */
export async function removeMember(
  workspaceId: string,
  actor: Actor,
  userId: string,
): Promise<{ role: Role; email: string }> {
  const membership = await membershipOf(workspaceId, userId);
  if (userId !== actor.id && !hasRole(actor.role, "admin")) {
    throw new ApiError("forbidden", "Removing members needs the admin role or higher.");
  }
  await checkChange(
    workspaceId,
    userId === actor.id ? { ...actor, role: "owner" } : actor,
    { userId, role: membership.role },
    null,
  );
  await db.membership.delete({ where: { id: membership.id } });
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  // Keys act for their creator, so they go with them.
  await db.apiKey.updateMany({
    where: { workspaceId, createdBy: userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return { role: membership.role, email: user.email };
}

export function newJoinCode(): string {
  return Array.from({ length: JOIN_CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

/** A new join code; the old one stops working at once. */
export async function rotateJoinCode(workspaceId: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const joinCode = newJoinCode();
    const taken = await db.workspace.findUnique({ where: { joinCode }, select: { id: true } });
    if (taken) continue;
    await db.workspace.update({ where: { id: workspaceId }, data: { joinCode } });
    return joinCode;
  }
  throw new ApiError("internal", "Could not find a free join code. Please try again.");
}

// Codes are short enough to guess at scale, so wrong guesses are limited per user.
const JOIN_FAILURES: RateLimitRule = { name: "join:user", limit: 10, windowMs: 15 * 60_000 };

/** Joining with a code makes the user a member; someone already in the workspace keeps their role. */
export async function joinWithCode(
  userId: string,
  code: string,
): Promise<{ workspaceId: string; name: string; role: Role; joined: boolean }> {
  const limited = await isLimited(JOIN_FAILURES, userId);
  if (!limited.allowed) throw rateLimitedError(limited, "wrong join codes");
  const workspace = await db.workspace.findUnique({ where: { joinCode: code }, select: { id: true, name: true } });
  if (!workspace) {
    await hit(JOIN_FAILURES, userId);
    throw new ApiError("not_found", "No workspace has this join code. Ask an admin for the current one.", {
      param: "code",
    });
  }
  const existing = await db.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId: workspace.id } },
  });
  if (existing && isRole(existing.role))
    return { workspaceId: workspace.id, name: workspace.name, role: existing.role, joined: false };
  await db.membership.create({ data: { userId, workspaceId: workspace.id, role: "member" } });
  return { workspaceId: workspace.id, name: workspace.name, role: "member", joined: true };
}

export interface CreatedInvite {
  invite: InviteSummary;
  /** The secret part of the link; only its digest is stored. */
  token: string;
}

const newInviteToken = () => randomBytes(32).toString("base64url");

export async function createInvite(
  workspaceId: string,
  actor: Actor,
  input: { email: string; role: Role },
): Promise<CreatedInvite> {
  if (!hasRole(actor.role, input.role))
    throw new ApiError("forbidden", `You cannot invite with the ${input.role} role.`, { param: "role" });
  const existing = await db.membership.findFirst({ where: { workspaceId, user: { email: input.email } } });
  if (existing)
    throw new ApiError("conflict", `${input.email} is already a member of this workspace.`, { param: "email" });
  const token = newInviteToken();
  const row = await db.invite.create({
    data: {
      workspaceId,
      email: input.email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: actor.email,
      expiresAt: new Date(Date.now() + INVITE_TTL_DAYS * 24 * 3600_000),
    },
  });
  return { invite: inviteView(row), token };
}

export async function revokeInvite(workspaceId: string, id: string): Promise<InviteSummary> {
  const row = await db.invite.findFirst({ where: { id, workspaceId, acceptedAt: null } });
  if (!row) throw notFound("Invite");
  await db.invite.delete({ where: { id } });
  return inviteView(row);
}

/** The invite behind a link, for the accept page; errors say why it cannot be used. */
export async function findInvite(token: string) {
  const row = await db.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { workspace: { select: { name: true } } },
  });
  if (!row) throw new ApiError("not_found", "This invite link is not valid. Ask for a new one.");
  if (row.acceptedAt) throw new ApiError("gone", "This invite has been used already.");
  if (row.expiresAt.getTime() <= Date.now()) throw new ApiError("gone", "This invite has expired. Ask for a new one.");
  const account = await db.user.findUnique({ where: { email: row.email }, select: { id: true } });
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    workspaceName: row.workspace.name,
    email: row.email,
    role: row.role as Role,
    hasAccount: Boolean(account),
  };
}

/**
 * Adds the invited person to the workspace: the signed-in user if their e-mail is the
 * invited one, else a new account made with the given name and password. The invite is
 * claimed first, in the same transaction: of simultaneous acceptances exactly one wins,
 * the others find it used (410) or the account taken (409).
 */
export async function acceptInvite(
  token: string,
  user: Pick<SessionUser, "id" | "email"> | null,
  account: { name?: string; password?: string },
): Promise<{ workspaceId: string; workspaceName: string; email: string; role: Role; created: boolean }> {
  const invite = await findInvite(token);
  let newAccount: { name: string; passwordHash: string } | null = null;
  if (user) {
    if (user.email.toLowerCase() !== invite.email) {
      throw new ApiError("forbidden", `This invite is for ${invite.email}. Sign in with that address to accept it.`);
    }
  } else {
    if (invite.hasAccount) throw new ApiError("conflict", `${invite.email} has an account already: sign in to accept.`);
    if (!account.name || !account.password) {
      throw new ApiError("invalid_parameter", "Choose a name and a password for your account.", {
        param: account.name ? "password" : "name",
      });
    }
    // Hashed before the transaction, so the claimed row is not held for the hashing time.
    newAccount = { name: account.name, passwordHash: await bcrypt.hash(account.password, 10) };
  }
  const role = isRole(invite.role) ? invite.role : "member";
  try {
    await db.$transaction(async (tx) => {
      const now = new Date();
      const claimed = await tx.invite.updateMany({
        where: { id: invite.id, acceptedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now },
      });
      if (claimed.count === 0) throw new ApiError("gone", "This invite has been used already.");
      const userId = user
        ? user.id
        : (
            await tx.user.create({
              data: { email: invite.email, name: newAccount!.name, passwordHash: newAccount!.passwordHash },
            })
          ).id;
      const existing = await tx.membership.findUnique({
        where: { userId_workspaceId: { userId, workspaceId: invite.workspaceId } },
      });
      if (!existing) await tx.membership.create({ data: { userId, workspaceId: invite.workspaceId, role } });
      // The invite reached this address, which proves it as well as a confirmation link would.
      if (user) await tx.user.update({ where: { id: userId }, data: { emailVerified: true } });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Someone made this account or membership a moment ago (another acceptance).
    throw new ApiError("conflict", `${invite.email} has joined already: sign in to continue.`);
  }
  return {
    workspaceId: invite.workspaceId,
    workspaceName: invite.workspaceName,
    email: invite.email,
    role,
    created: !user,
  };
}

/**
 * A fresh link for a pending invite. Only the token's digest is stored, so the old link
 * cannot be shown again: a new token replaces it and the link sent before stops working.
 * Nobody gets a link to a role above their own.
 */
export async function reissueInviteLink(workspaceId: string, actor: Actor, id: string): Promise<CreatedInvite> {
  const row = await db.invite.findFirst({
    where: { id, workspaceId, acceptedAt: null, expiresAt: { gt: new Date() } },
  });
  if (!row) throw notFound("Invite");
  if (!isRole(row.role) || !hasRole(actor.role, row.role)) {
    throw new ApiError("forbidden", `You cannot hand out a link to the ${row.role} role: it is above your own.`);
  }
  const token = newInviteToken();
  const updated = await db.invite.updateMany({
    where: { id, workspaceId, acceptedAt: null },
    data: { tokenHash: hashToken(token) },
  });
  if (updated.count === 0) throw notFound("Invite");
  return { invite: inviteView(row), token };
}
