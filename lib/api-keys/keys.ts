import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { ApiError, notFound } from "../errors";
import { hasRole, isRole, ROLES, type Role } from "../roles";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import type { ApiKeyRole, ApiKeySummary } from "./schemas";

export const API_KEY_PREFIX = "chr_";
const PREFIX_LENGTH = API_KEY_PREFIX.length + 6;
// Writing lastUsedAt on every request would turn each read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** The key a request presents as `Authorization: Bearer chr_…`, if any. */
export function bearerKey(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new ApiError("unauthorized", "The Authorization header must be `Bearer <api key>`.");
  return match[1];
}

export interface ApiKeyPrincipal {
  id: string;
  name: string;
  prefix: string;
  workspaceId: string;
  /** The key's role, capped by its creator's current role in the workspace. */
  role: Role;
  /** The person who created the key: requests act on their behalf. */
  user: SessionUser;
}

function lowerRole(a: Role, b: Role): Role {
  return ROLES[Math.min(ROLES.indexOf(a), ROLES.indexOf(b))];
}

/**
 * The key behind a secret, or null when it is unknown, revoked, or its creator has left the
 * workspace. The lookup is by SHA-256 digest, and the digests are compared again in constant
 * time so nothing about the stored value leaks through timing.
 */
export async function authenticateApiKey(secret: string): Promise<ApiKeyPrincipal | null> {
  if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 200) return null;
  const hash = hashApiKey(secret);
  const key = await db.apiKey.findUnique({ where: { hash } });
  if (!key || key.revokedAt) return null;
  if (!timingSafeEqual(Buffer.from(key.hash, "hex"), Buffer.from(hash, "hex"))) return null;
  const membership = await db.membership.findFirst({
    where: { userId: key.createdBy, workspaceId: key.workspaceId },
    include: { user: { select: { id: true, email: true, name: true, active: true, emailVerified: true } } },
  });
  if (!membership || !isRole(membership.role) || !isRole(key.role)) return null;
  // A deactivated creator's keys stop with their sessions.
  if (!membership.user.active) return null;
  const now = Date.now();
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } });
  }
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    workspaceId: key.workspaceId,
    role: lowerRole(key.role, membership.role),
    user: {
      id: membership.user.id,
      email: membership.user.email,
      name: membership.user.name,
      emailVerified: membership.user.emailVerified,
    },
  };
}

type KeyRow = Awaited<ReturnType<typeof db.apiKey.findFirstOrThrow>>;

async function summaries(rows: KeyRow[]): Promise<ApiKeySummary[]> {
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.createdBy))] } },
    select: { id: true, email: true },
  });
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role as ApiKeyRole,
    prefix: r.prefix,
    createdBy: emails.get(r.createdBy) ?? "former member",
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

export async function listApiKeys(workspaceId: string): Promise<ApiKeySummary[]> {
  const rows = await db.apiKey.findMany({ where: { workspaceId }, orderBy: { createdAt: "desc" } });
  return summaries(rows);
}

/** A new key; the secret is returned here once and only its digest is stored. */
export async function createApiKey(input: {
  workspaceId: string;
  name: string;
  role: ApiKeyRole;
  creatorId: string;
  creatorRole: Role;
}): Promise<{ apiKey: ApiKeySummary; secret: string }> {
  if (!hasRole(input.creatorRole, input.role)) {
    throw new ApiError("forbidden", `You cannot create a key with the ${input.role} role: it is above your own.`, {
      param: "role",
    });
  }
  const secret = API_KEY_PREFIX + randomBytes(24).toString("base64url");
  const row = await db.apiKey.create({
    data: {
      workspaceId: input.workspaceId,
      name: input.name,
      role: input.role,
      prefix: secret.slice(0, PREFIX_LENGTH),
      hash: hashApiKey(secret),
      createdBy: input.creatorId,
    },
  });
  const [apiKey] = await summaries([row]);
  return { apiKey, secret };
}

/** Revokes a key of the workspace; the next request with it is a 401. Revoking twice is harmless. */
export async function revokeApiKey(workspaceId: string, id: string): Promise<ApiKeySummary> {
  const key = await db.apiKey.findFirst({ where: { id, workspaceId } });
  if (!key) throw notFound("API key");
  const row = key.revokedAt ? key : await db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  const [apiKey] = await summaries([row]);
  return apiKey;
}
