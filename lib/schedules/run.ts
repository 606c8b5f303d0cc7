import "server-only";
import { recordAudit } from "../audit";
import { keepLeaseAlive } from "../background/machine";
import { db } from "../db";
import { connection, type Connection } from "../db/connection";
import { ApiError } from "../errors";
import { logEvent } from "../log";
import { alertOwner } from "./alert";
import { loadRun, type RunRecord } from "./claim";
import { compose, headline, keyValues, reportFor, runFiles, webhookEvent } from "./compose";
import { deliver, ensureDeliveries, jitter } from "./deliver";
import { deliverToDestination, settleDestinations } from "./deliver-destination";
import { deferRun, RunDeferred } from "./export-budget";
import { ensureExports, RunFailure } from "./run-exports";
import { runSettings } from "./settings";
import type { DeliveryStatus, RunStatus } from "./types";

// A claimed run from start to outcome. Its parts: claim.ts (taking hold of it),
// run-exports.ts (its files), compose.ts (the e-mail, the webhook body), deliver.ts
// (sending), deliver-destination.ts (buckets and webhooks), alert.ts (telling the owner
// when it failed).

/**
 * Runs one claimed occurrence: report → exports (rendered once) → one delivery per e-mail
 * recipient and per destination → outcome. A retry of the same run reuses its finished
 * exports and only tries the deliveries that have not succeeded.
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
    const files = runFiles(jobs);
    const destinations = await db.scheduleDestination.findMany({
      where: { scheduleId: run.scheduleId, active: true },
      orderBy: { createdAt: "asc" },
    });
    const deliveries = await ensureDeliveries(run, destinations);
    const pending = (kind: string) =>
      deliveries.some((d) => d.kind === kind && d.status !== "sent" && d.status !== "rejected");
    const email = pending("email") ? await compose(run, checked, kpis, rowCount, jobs, files) : null;
    const event = pending("webhook") ? await webhookEvent(run, checked, kpis, rowCount, jobs) : () => ({});
    // A later attempt may hold deliveries of destinations paused since; they are still finished.
    const missing = deliveries.flatMap((d) =>
      d.destinationId && !destinations.some((x) => x.id === d.destinationId) ? [d.destinationId] : [],
    );
    const linked = missing.length
      ? [...destinations, ...(await db.scheduleDestination.findMany({ where: { id: { in: missing } } }))]
      : destinations;
    if (deliveries.length === 0)
      return await finish(run, "skipped", "Every destination of this schedule is paused; nothing was sent.", started);
    const context = { files, keys: keyValues(run), event };
    const outcomes: DeliveryStatus[] = [];
    for (const delivery of deliveries) {
      if (delivery.status === "sent" || delivery.status === "rejected")
        outcomes.push(delivery.status as DeliveryStatus);
      else if (delivery.kind === "email") outcomes.push(await deliver(delivery, email!, run.workspaceId));
      else {
        const destination = linked.find((d) => d.id === delivery.destinationId);
        outcomes.push(await deliverToDestination(delivery, destination, context));
      }
    }
    const emailsOnly = deliveries.every((d) => d.kind === "email");
    const noun = emailsOnly ? "e-mails" : "deliveries";
    const failed = outcomes.filter((o) => o === "failed").length;
    const rejected = outcomes.filter((o) => o === "rejected").length;
    if (failed > 0)
      throw new RunFailure(
        `${failed} of ${outcomes.length} ${noun} could not be ${emailsOnly ? "sent" : "made"} yet.`,
        true,
      );
    if (outcomes.length > 0 && rejected === outcomes.length)
      return await finish(
        run,
        "failed",
        emailsOnly ? "Every recipient was rejected by the e-mail service." : "Every delivery was refused.",
        started,
      );
    if (rejected > 0)
      return await finish(
        run,
        "partial",
        `${rejected} of ${outcomes.length} ${emailsOnly ? "recipients" : "deliveries"} were rejected.`,
        started,
      );
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
      await auditRun(run, "schedule.run_retrying", "retrying", message);
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
  await auditRun(run, "schedule.run_finished", status, message);
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
  const problems = status === "skipped" ? [] : await settleDestinations(run);
  if (problems.length > 0 && !failed) {
    const lines = problems.map((p) => `${p.label}: ${p.error}${p.paused ? " (paused)" : ""}`);
    await alertOwner(
      run,
      lines.join(" "),
      problems.some((p) => p.paused),
      "destination",
    );
  }
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
    const lines = problems.map((p) => ` ${p.label}: ${p.error}${p.paused ? " (paused)" : ""}`);
    await alertOwner(run, `${message ?? "The run failed."}${lines.join("")}`, pause);
  }
  return status;
}

/** Runs act for their schedule, so the trail names the schedule as the actor, as its exports do. */
async function auditRun(run: RunRecord, action: string, status: RunStatus, message: string | null): Promise<void> {
  await recordAudit({
    workspaceId: run.workspaceId,
    actor: `schedule:${run.schedule.name}`,
    action,
    entity: `schedule:${run.scheduleId}`,
    details: {
      run: run.id,
      status,
      trigger: run.trigger,
      attempt: run.attempts,
      scheduledFor: run.scheduledFor.toISOString(),
      ...(message ? { message } : {}),
    },
  });
}
