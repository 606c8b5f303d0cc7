import "server-only";
import { INSTANCE_ID, keepLeaseAlive, loopState, startLoop, staleBefore } from "../background/machine";
import { config, readConfig } from "../config";
import { db } from "../db";
import { jobChoice, jobDescription, jobRedaction } from "./jobs";
import { applyExportChoice } from "./choice";
import { assertSumsInBounds } from "../reports/sum-bounds";
import { logEvent } from "../log";
import { connection, type Connection } from "../db/connection";
import { sql } from "../db/sql";
import { checkDefinition } from "../reports/check";
import { countReport, streamReport, streamReportValues } from "../reports/engine";
import { PDF_CHART_ROW_CAP } from "../pdf/render-report";
import { chartSeries } from "./chart-series";
import { loadExportMeta, previousPeriod } from "./pipeline";
import { exportFileName } from "./filename";
import { exportStorage, type ExportStorage, type PendingFile } from "./storage";
import type { ExportFormat } from "./types";
import { writeExport, type RowSource, type WriteOptions } from "./write";

/** A running export whose heartbeat is older than this is taken to have lost its process. */
export const STALE_AFTER_MS = 60_000;
const PROGRESS_EVERY_MS = 250;
export const MAX_ATTEMPTS = 3;

class Stopped extends Error {}

type Job = NonNullable<Awaited<ReturnType<typeof db.exportJob.findFirst>>>;

/** Running exports allowed per workspace, across every worker process. */
export function workspaceConcurrency(env: Record<string, string | undefined> = process.env): number {
  return (env === process.env ? config() : readConfig(env)).exports.workspaceConcurrency;
}

/**
 * Marks one queued export as running for `workerId`, only while its workspace has fewer
 * than `limit` running. Count and update are one statement: SQLite runs writers one at a
 * time, and PostgreSQL first takes a per-workspace advisory lock held until commit, so
 * two processes cannot both see the last free slot.
 */
export async function claimJobIfRoom(
  job: { id: string; workspaceId: string },
  workerId: string,
  limit: number,
  conn: Connection = connection(),
): Promise<boolean> {
  const { id, workspaceId } = job;
  const now = new Date();
  const update = sql`UPDATE export_jobs
    SET status = 'running', worker_id = ${workerId}, started_at = ${now}, heartbeat_at = ${now},
        attempts = attempts + 1, row_count = 0
    WHERE id = ${id} AND status = 'queued'
      AND (SELECT COUNT(*) FROM export_jobs AS r WHERE r.workspace_id = ${workspaceId} AND r.status = 'running') < ${limit}`;
  if (conn.provider === "sqlite") return (await conn.execute(update)) === 1;
  return conn.transaction(async (tx) => {
    await tx.query(
      sql`SELECT pg_advisory_xact_lock(hashtext(${`chartroom:export-claim:${workspaceId}`}))::text AS locked`,
    );
    return (await tx.execute(update)) === 1;
  });
}

/**
 * Takes the oldest queued export whose workspace has a free slot (see
 * workspaceConcurrency); safe when several processes poll at once.
 */
export async function claimNextJob(
  workerId = INSTANCE_ID,
  conn: Connection = connection(),
  limit = workspaceConcurrency(),
): Promise<Job | null> {
  for (let tries = 0; tries < 5; tries++) {
    const busy = await db.exportJob.groupBy({
      by: ["workspaceId"],
      where: { status: "running" },
      _count: { _all: true },
    });
    const full = busy.filter((b) => b._count._all >= limit).map((b) => b.workspaceId);
    const candidate = await db.exportJob.findFirst({
      where: { status: "queued", ...(full.length > 0 ? { workspaceId: { notIn: full } } : {}) },
      orderBy: { createdAt: "asc" },
    });
    if (!candidate) return null;
    if (await claimJobIfRoom(candidate, workerId, limit, conn)) {
      return db.exportJob.findUnique({ where: { id: candidate.id } });
    }
  }
  return null;
}

/**
 * Reading rows through this generator records progress and a heartbeat, and stops the
 * export when it was canceled or deleted in the meantime.
 */
async function* tracked<T>(job: Job, rows: AsyncGenerator<T[]>, workerId: string): AsyncGenerator<T[]> {
  let done = 0;
  let lastWrite = 0;
  for await (const batch of rows) {
    done += batch.length;
    const now = Date.now();
    if (now - lastWrite >= PROGRESS_EVERY_MS) {
      lastWrite = now;
      const { count } = await db.exportJob.updateMany({
        where: { id: job.id, workerId, status: "running", cancelRequested: false },
        data: { rowCount: done, heartbeatAt: new Date(now) },
      });
      if (count === 0) throw new Stopped();
    }
    yield batch;
    // Let requests in between batches: the worker shares its process with the web server.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

type JobOptions = WriteOptions;

/** Runs one claimed export to a published file, or to a clear failed/canceled state. */
export async function runJob(
  job: Job,
  conn: Connection = connection(),
  workerId = INSTANCE_ID,
  storage: ExportStorage = exportStorage(),
): Promise<void> {
  const started = Date.now();
  logEvent("export.start", {
    export: job.id,
    workspace: job.workspaceId,
    format: job.format,
    attempt: job.attempts,
    worker: workerId,
  });
  const workspace = await db.workspace.findUnique({ where: { id: job.workspaceId } });
  const stopHeartbeat = keepLeaseAlive(() =>
    db.exportJob.updateMany({ where: { id: job.id, workerId, status: "running" }, data: { heartbeatAt: new Date() } }),
  );
  let pending: PendingFile | null = null;
  try {
    if (!workspace) throw new Stopped();
    const saved = checkDefinition(JSON.parse(job.definition), { timezone: workspace.timezone });
    const report = applyExportChoice(saved, jobChoice(job), workspace.timezone);
    report.redaction = jobRedaction(job);
    await assertSumsInBounds(conn, report, workspace.id);
    const format = job.format as ExportFormat;
    // The same metadata a streamed download of this format carries.
    const meta = await loadExportMeta(
      conn,
      workspace.id,
      workspace,
      report,
      { name: job.reportName, description: jobDescription(job) },
      format,
    );
    const available = meta.totalRows ?? (await countReport(conn, report, workspace.id));
    const total = Math.min(available, report.definition.limit);
    // A PDF reads at most its chart cap (its table shows fewer); progress is measured against what it will read.
    const toRead = job.format === "pdf" ? Math.min(total, PDF_CHART_ROW_CAP) : total;
    await db.exportJob.updateMany({ where: { id: job.id, workerId }, data: { totalRows: toRead } });
    const key = `${workspace.id}/${job.id}/${exportFileName(job.reportName, workspace.slug, report.range, format)}`;
    pending = storage.openPending(key);
    const options = JSON.parse(job.options) as JobOptions;
    const source: RowSource = {
      rows: () => tracked(job, streamReport(conn, report, workspace.id), workerId),
      values: () => tracked(job, streamReportValues(conn, report, workspace.id), workerId),
      previous: () => previousPeriod(conn, report, workspace.id),
      chart: () => chartSeries(conn, report, workspace.id, workspace),
    };
    await writeExport(format, meta, source, pending.stream, options);
    const bytes = await pending.publish();
    pending = null;
    const { count } = await db.exportJob.updateMany({
      where: { id: job.id, workerId, status: "running", cancelRequested: false },
      data: {
        status: "succeeded",
        rowCount: toRead,
        byteSize: bytes,
        storageKey: key,
        durationMs: Date.now() - started,
        finishedAt: new Date(),
        expiresAt: new Date(Date.now() + config().exports.retentionMs),
      },
    });
    if (count === 0) {
      // Canceled or deleted while finishing: nobody may download it, so don't keep the file.
      await storage.remove(key);
      throw new Stopped();
    }
    logEvent("export.end", {
      export: job.id,
      outcome: "succeeded",
      rows: toRead,
      bytes,
      durationMs: Date.now() - started,
    });
  } catch (error) {
    await pending?.discard();
    logEvent(
      "export.end",
      {
        export: job.id,
        outcome: error instanceof Stopped ? "canceled" : "failed",
        durationMs: Date.now() - started,
        error: error instanceof Stopped ? undefined : failureMessage(error),
        cause: error instanceof Stopped ? undefined : String(error),
      },
      error instanceof Stopped ? "info" : "error",
    );
    if (error instanceof Stopped) {
      await db.exportJob.updateMany({
        where: { id: job.id, workerId, status: "running" },
        data: { status: "canceled", finishedAt: new Date(), durationMs: Date.now() - started },
      });
    } else {
      await db.exportJob.updateMany({
        where: { id: job.id, workerId, status: "running" },
        data: {
          status: "failed",
          errorMessage: failureMessage(error),
          finishedAt: new Date(),
          durationMs: Date.now() - started,
        },
      });
    }
  } finally {
    stopHeartbeat();
  }
}

/** What a user may see of a failure: never SQL, paths or stack traces. */
function failureMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOSPC" || code === "EACCES" || code === "EROFS")
    return "The export file could not be written. Please retry.";
  const lost = /Connection terminated|connection ended|ECONNRESET|EPIPE/i.test((error as Error).message ?? "");
  if (
    lost ||
    code === "SQLITE_BUSY" ||
    code === "ECONNREFUSED" ||
    code === "ECONNRESET" ||
    code === "EPIPE" ||
    code === "57P01"
  ) {
    return "The database was unavailable. Please retry.";
  }
  return "The export failed unexpectedly. Please retry.";
}

/** Requeues exports whose process died (no heartbeat), failing them after MAX_ATTEMPTS. */
export async function recoverStaleJobs(now = Date.now(), storage: ExportStorage = exportStorage()): Promise<number> {
  const cutoff = staleBefore(now, STALE_AFTER_MS);
  const stale = await db.exportJob.findMany({ where: { status: "running", heartbeatAt: { lt: cutoff } } });
  for (const job of stale) {
    const giveUp = job.attempts >= MAX_ATTEMPTS;
    await db.exportJob.updateMany({
      where: { id: job.id, status: "running", heartbeatAt: { lt: cutoff } },
      data: giveUp
        ? {
            status: "failed",
            errorMessage: `The export was interrupted ${job.attempts} times and was stopped.`,
            finishedAt: new Date(now),
          }
        : { status: "queued", workerId: null, rowCount: 0 },
    });
    if (job.storageKey) await storage.remove(job.storageKey);
  }
  return stale.length;
}

/** Deletes the files of exports past their retention and marks them expired. */
export async function expireExports(now = Date.now(), storage: ExportStorage = exportStorage()): Promise<number> {
  const old = await db.exportJob.findMany({ where: { status: "succeeded", expiresAt: { lt: new Date(now) } } });
  for (const job of old) {
    if (job.storageKey) await storage.remove(job.storageKey);
    await db.exportJob.updateMany({ where: { id: job.id, status: "succeeded" }, data: { status: "expired" } });
  }
  return old.length;
}

/** One pass: recover, expire, then run what can be claimed (up to `concurrency` at once). */
export async function workOnce(concurrency = 2): Promise<number> {
  await recoverStaleJobs();
  await expireExports();
  const running: Promise<void>[] = [];
  for (let i = 0; i < concurrency; i++) {
    const job = await claimNextJob();
    if (!job) break;
    running.push(runJob(job));
  }
  await Promise.all(running);
  return running.length;
}

/** Whether this process polls for exports, and when it last finished a pass (for /api/health). */
export const workerState = () => loopState("exports");

/** Polls for queued exports in this process until stopped; one loop per process. */
export function startWorker(options: { intervalMs?: number; concurrency?: number } = {}): () => void {
  return startLoop({
    name: "exports",
    pass: async (stopped) => {
      while (!stopped() && (await workOnce(options.concurrency ?? 2)) > 0);
    },
    wait: (first) => (first ? 0 : (options.intervalMs ?? 1000)),
  });
}
