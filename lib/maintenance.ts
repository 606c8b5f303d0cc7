import "server-only";
import { db } from "./db";
import { cleanupExpiredExports } from "./exports/cleanup";
import { recoverStaleJobs } from "./exports/worker";

/** Housekeeping the cleanup cron runs: expired exports, stuck jobs, spent rate-limit windows. */
export async function cleanup(now = Date.now()) {
  const recovered = await recoverStaleJobs(now);
  const { expired, orphansRemoved } = await cleanupExpiredExports(now);
  const { count: rateLimitBuckets } = await db.rateLimitBucket.deleteMany({
    where: { resetAt: { lt: new Date(now) } },
  });
  return {
    expiredExports: expired,
    orphanedFilesRemoved: orphansRemoved,
    recoveredExports: recovered,
    rateLimitBuckets,
  };
}
