import "server-only";
import { keepLeaseAlive } from "../background/machine";
import { db } from "../db";
import { connection, type Connection } from "../db/connection";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { alertOwner } from "./alert";
import { loadRun, type RunRecord } from "./claim";
import { compose, headline, reportFor } from "./compose";
import { deliver, ensureDeliveries, jitter } from "./deliver";
import { deferRun, RunDeferred } from "./export-budget";
import { ensureExports, RunFailure } from "./run-exports";
import { runSettings } from "./settings";
import type { DeliveryStatus, RunStatus } from "./types";

// A claimed run from start to outcome. Its parts: claim.ts (taking hold of it),
// run-exports.ts (its files), compose.ts (the e-mail), deliver.ts (sending), alert.ts
// (telling the owner when it failed).

/**
 * Runs one claimed occurrence: report → exports → one e-mail per recipient → outcome.
 * A retry of the same run reuses its finished exports and only e-mails recipients that
 * have not received it.
 */
export async function executeRun(
  runId: string,
  instanceId: string,
  conn: Connection = connection(),
): Promise<RunStatus> {
  const run = await loadRun(runId);
  if (!run || run.claimedBy !== instanceId || run.status !== "running") return (run?.status as RunStatus) ?? "failed";
  const started = Date.now();
  const stopHeartbeat = keepLeaseAlive(() =>
    db.scheduleRun.updateMany({
      where: { id: run.id, claimedBy: instanceId, status: "running" },
      data: { heartbeatAt: new Date() },
    }),
  );
  logEvent("schedule_run.start", {
    run: run.id,
    schedule: run.scheduleId,
    attempt: run.attempts,
    trigger: run.trigger,
    late: run.late,
  });
  try {
    const { checked, definition } = reportFor(run);
    const { total, kpis } = await headline(conn, checked, run.workspaceId, run.schedule.workspace.locale);
    const rowCount = Math.min(total, checked.definition.limit);
    if (rowCount === 0 && run.schedule.skipIfEmpty) {
      await db.scheduleRun.update({ where: { id: run.id }, data: { rowCount } });
      return await finish(run, "skipped", "The report was empty, so nothing was sent.", started);
    }
    const jobs = await ensureExports(run, definition, rowCount, conn, instanceId);
    const email = await compose(run, checked, kpis, rowCount, jobs);
    const deliveries = await ensureDeliveries(run);
    const outcomes: DeliveryStatus[] = [];
    for (const delivery of deliveries) {
      outcomes.push(
        delivery.status === "sent" || delivery.status === "rejected"
          ? (delivery.status as DeliveryStatus)
          : await deliver(delivery, email, run.workspaceId),
      );
    }
    const failed = outcomes.filter((o) => o === "failed").length;
    const rejected = outcomes.filter((o) => o === "rejected").length;
    if (failed > 0) throw new RunFailure(`${failed} of ${outcomes.length} e-mails could not be sent yet.`, true);
    if (rejected === outcomes.length)
      return await finish(run, "failed", "Every recipient was rejected by the e-mail service.", started);
    if (rejected > 0)
      return await finish(run, "partial", `${rejected} of ${outcomes.length} recipients were rejected.`, started);
    return await finish(run, "succeeded", null, started);
  } catch (error) {
    if (error instanceof RunDeferred) {
      await deferRun(run, instanceId, error);
      return "retrying";
    }
    const transient = error instanceof RunFailure ? error.transient : !(error instanceof ApiError);
    const message =
      error instanceof RunFailure || error instanceof ApiError
        ? error.message
        : "The run failed unexpectedly; it will be tried again.";
    if (!(error instanceof RunFailure) && !(error instanceof ApiError))
      logEvent("schedule_run.error", { run: run.id, error: String(error) }, "error");
    const settings = runSettings();
    if (transient && run.attempts < settings.runAttempts) {
      const wait = jitter(settings.runRetryMs * 2 ** (run.attempts - 1));
      await db.scheduleRun.updateMany({
        where: { id: run.id, claimedBy: instanceId, status: "running" },
        data: { status: "retrying", errorMessage: message, nextAttemptAt: new Date(Date.now() + wait) },
      });
      logEvent("schedule_run.retrying", { run: run.id, attempt: run.attempts, waitMs: wait, error: message }, "warn");
      return "retrying";
    }
    return await finish(run, "failed", message, started);
  } finally {
    stopHeartbeat();
  }
}

/** Records a run's final outcome on the run and its schedule; alerts and pauses on failure. */
async function finish(
  run: RunRecord,
  status: Exclude<RunStatus, "running" | "retrying">,
  message: string | null,
  started: number,
): Promise<RunStatus> {
  const now = new Date();
  await db.scheduleRun.update({
    where: { id: run.id },
    data: { status, errorMessage: message, finishedAt: now, nextAttemptAt: null },
  });
  const failed = status === "failed";
  const schedule = await db.schedule.update({
    where: { id: run.scheduleId },
    data: { lastRunAt: now, lastRunStatus: status, consecutiveFailures: failed ? { increment: 1 } : 0 },
  });
  logEvent("schedule_run.end", {
    run: run.id,
    schedule: run.scheduleId,
    status,
    attempts: run.attempts,
    durationMs: Date.now() - started,
    rows: run.rowCount,
  });
  if (failed) {
    const settings = runSettings();
    const pause = schedule.active && schedule.consecutiveFailures >= settings.pauseAfter;
    if (pause) {
      await db.schedule.update({
        where: { id: schedule.id },
        data: {
          active: false,
          nextRunAt: null,
          pausedReason: `Paused after ${schedule.consecutiveFailures} failed runs in a row. Last error: ${message ?? "unknown"}`,
        },
      });
    }
    await alertOwner(run, message ?? "The run failed.", pause);
  }
  return status;
}
