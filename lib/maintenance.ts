import "server-only";
import { db } from "./db";
import { expireExports, recoverStaleJobs } from "./exports/worker";

/** Housekeeping the cleanup cron runs: expired exports, stuck jobs, spent rate-limit windows. */
export async function cleanup(now = Date.now()) {
  const recovered = await recoverStaleJobs(now);
  const expired = await expireExports(now);
  const { count: rateLimitBuckets } = await db.rateLimitBucket.deleteMany({ where: { resetAt: { lt: new Date(now) } } });
  return { expiredExports: expired, recoveredExports: recovered, rateLimitBuckets };
}
