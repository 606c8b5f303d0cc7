import "server-only";
import { config } from "./config";
import { ApiError } from "./errors";
import { db } from "./db";
import { connection } from "./db/connection";
import { sql, type Sql } from "./db/sql";

export interface RateLimitRule {
  name: string;
  limit: number;
  windowMs: number;
}

/** Every limit; each can be changed by its variable (CHARTROOM_RATE_*, lib/config.ts). */
export const RATE_LIMITS = {
  exportsPerUser: (): RateLimitRule => ({
    name: "exports:user",
    limit: config().rateLimits.exportsPerUser,
    windowMs: 60_000,
  }),
  exportsPerWorkspace: (): RateLimitRule => ({
    name: "exports:workspace",
    limit: config().rateLimits.exportsPerWorkspace,
    windowMs: 60_000,
  }),
  sendsPerUser: (): RateLimitRule => ({
    name: "sends:user",
    limit: config().rateLimits.sendsPerUser,
    windowMs: 60 * 60_000,
  }),
  sendsPerWorkspace: (): RateLimitRule => ({
    name: "sends:workspace",
    limit: config().rateLimits.sendsPerWorkspace,
    windowMs: 60 * 60_000,
  }),
  signInFailuresPerEmail: (): RateLimitRule => ({
    name: "signin:email",
    limit: config().rateLimits.signInPerEmail,
    windowMs: 15 * 60_000,
  }),
  signInFailuresPerIp: (): RateLimitRule => ({
    name: "signin:ip",
    limit: config().rateLimits.signInPerIp,
    windowMs: 15 * 60_000,
  }),
  resetsPerEmail: (): RateLimitRule => ({
    name: "reset:email",
    limit: config().rateLimits.resetPerEmail,
    windowMs: 60 * 60_000,
  }),
  resetsPerIp: (): RateLimitRule => ({
    name: "reset:ip",
    limit: config().rateLimits.resetPerIp,
    windowMs: 60 * 60_000,
  }),
};

export interface RateLimitState {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Runs a bucket statement. On SQLite it goes through Prisma's connection: a write on the
 * other connection would wait synchronously (busy_timeout blocks the event loop) for a
 * Prisma transaction that can only finish once the event loop runs, so a limit counted
 * while a run or an export was writing stalled ten seconds and failed.
 */
async function bucketRows<T extends Record<string, unknown>>(query: Sql): Promise<T[]> {
  const conn = connection();
  if (conn.provider !== "sqlite") return conn.query<T>(query);
  const { text, values } = query.render("sqlite");
  // A transaction of its own takes turns with Prisma's others instead of joining one that may roll back.
  const [rows] = await db.$transaction([db.$queryRawUnsafe<T[]>(text, ...values)]);
  return rows;
}

/**
 * Counts one hit in a fixed window shared by every instance through the database: one
 * atomic upsert, so concurrent requests cannot both slip under the limit.
 */
export async function hit(r: RateLimitRule, subject: string, now = Date.now()): Promise<RateLimitState> {
  const key = `${r.name}:${subject}`;
  const at = new Date(now);
  const reset = new Date(now + r.windowMs);
  const [row] = await bucketRows<{ count: number; reset_at: unknown }>(sql`
    INSERT INTO rate_limit_buckets (key, count, reset_at) VALUES (${key}, 1, ${reset})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_buckets.reset_at <= ${at} THEN 1 ELSE rate_limit_buckets.count + 1 END,
      reset_at = CASE WHEN rate_limit_buckets.reset_at <= ${at} THEN ${reset} ELSE rate_limit_buckets.reset_at END
    RETURNING count, reset_at`);
  const resetMs = row.reset_at instanceof Date ? row.reset_at.getTime() : Number(row.reset_at);
  const count = Number(row.count);
  return { allowed: count <= r.limit, count, retryAfterSeconds: Math.max(1, Math.ceil((resetMs - now) / 1000)) };
}

/** Whether `subject` is already over the limit, without counting a hit. */
export async function isLimited(r: RateLimitRule, subject: string, now = Date.now()): Promise<RateLimitState> {
  const rows = await bucketRows<{ count: number; reset_at: unknown }>(
    sql`SELECT count, reset_at FROM rate_limit_buckets WHERE key = ${`${r.name}:${subject}`}`,
  );
  const row = rows[0];
  const resetMs = row ? (row.reset_at instanceof Date ? row.reset_at.getTime() : Number(row.reset_at)) : 0;
  if (!row || resetMs <= now) return { allowed: true, count: 0, retryAfterSeconds: 0 };
  const count = Number(row.count);
  return { allowed: count < r.limit, count, retryAfterSeconds: Math.max(1, Math.ceil((resetMs - now) / 1000)) };
}

export function rateLimitedError(state: RateLimitState, what: string): ApiError {
  return new ApiError("rate_limited", `Too many ${what}. Try again in ${state.retryAfterSeconds} seconds.`, {
    headers: { "Retry-After": String(state.retryAfterSeconds) },
  });
}

/** Counts an export request against the user's and the workspace's limits; 429 when over either. */
export async function limitExports(userKey: string, workspaceId: string): Promise<void> {
  for (const [r, subject] of [
    [RATE_LIMITS.exportsPerUser(), userKey],
    [RATE_LIMITS.exportsPerWorkspace(), workspaceId],
  ] as const) {
    const state = await hit(r, subject);
    if (!state.allowed) throw rateLimitedError(state, "exports");
  }
}

/**
 * Counts an action that sends e-mail ("Run now", an invite) against the user's and the
 * workspace's hourly limits; 429 when over either.
 */
export async function limitSends(userKey: string, workspaceId: string): Promise<void> {
  for (const [r, subject] of [
    [RATE_LIMITS.sendsPerUser(), userKey],
    [RATE_LIMITS.sendsPerWorkspace(), workspaceId],
  ] as const) {
    const state = await hit(r, subject);
    if (!state.allowed) throw rateLimitedError(state, "e-mail sends");
  }
}
