import "server-only";
import { exportStorage, type ExportStorage } from "./storage";
import { expireExports } from "./worker";

/** Pending files younger than this may still be written by a live export. */
export const ORPHAN_AGE_MS = 86_400_000;

/**
 * Retention: deletes the files of exports past their `expiresAt` and marks those jobs
 * expired, then removes pending (`.part`) files left for over a day by processes that
 * died mid-write. Meant for a periodic (cron) call; safe to run from several places.
 */
export async function cleanupExpiredExports(
  now = Date.now(),
  storage: ExportStorage = exportStorage(),
): Promise<{ expired: number; orphansRemoved: number }> {
  const expired = await expireExports(now, storage);
  const orphansRemoved = await storage.removePendingOlderThan(new Date(now - ORPHAN_AGE_MS));
  return { expired, orphansRemoved };
}
