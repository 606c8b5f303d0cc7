import "server-only";
import { access, constants } from "node:fs/promises";
import { connection } from "./db/connection";
import { sql } from "./db/sql";
import { storageRoot } from "./exports/storage-local";
import { s3ConfigFromEnv } from "./exports/storage-s3";
import { workerState } from "./exports/worker";
import { schedulerState } from "./schedules/dispatch";

/** A schedule this late has been missed by every scheduler: none is running, or all are stuck. */
const OVERDUE_MS = 5 * 60_000;

export interface Health {
  status: "ok" | "degraded";
  database: string;
  checks: {
    database: { ok: boolean; latencyMs: number };
    storage: { ok: boolean; kind: "local" | "s3" };
    worker: { running: boolean; lastPassAt: string | null; queued: number | null; runningJobs: number | null };
    scheduler: { running: boolean; lastTickAt: string | null; overdueSchedules: number | null };
  };
}

/** Cheap checks only: the load balancer calls this often, also while large exports run. */
export async function health(now = Date.now()): Promise<Health> {
  const conn = connection();
  const started = performance.now();
  let dbOk = true;
  let queued: number | null = null;
  let runningJobs: number | null = null;
  let overdue: number | null = null;
  try {
    const [row] = await conn.query<{ queued: number; running: number; overdue: number }>(sql`
      SELECT
        (SELECT COUNT(*) FROM export_jobs WHERE status = 'queued') AS queued,
        (SELECT COUNT(*) FROM export_jobs WHERE status = 'running') AS running,
        (SELECT COUNT(*) FROM schedules WHERE active = ${true} AND next_run_at < ${new Date(now - OVERDUE_MS)}) AS overdue`);
    queued = Number(row.queued);
    runningJobs = Number(row.running);
    overdue = Number(row.overdue);
  } catch {
    dbOk = false;
  }
  const latencyMs = Math.round(performance.now() - started);
  const s3 = s3ConfigFromEnv();
  let storageOk = true;
  if (!s3)
    storageOk = await access(storageRoot(), constants.W_OK).then(
      () => true,
      // A fresh install has no export directory until the first export creates it.
      (error: NodeJS.ErrnoException) => error.code === "ENOENT",
    );
  return {
    status: dbOk && storageOk ? "ok" : "degraded",
    database: conn.provider,
    checks: {
      database: { ok: dbOk, latencyMs },
      storage: { ok: storageOk, kind: s3 ? "s3" : "local" },
      worker: { ...workerState(), queued, runningJobs: runningJobs },
      scheduler: { ...schedulerState(), overdueSchedules: overdue },
    },
  };
}
