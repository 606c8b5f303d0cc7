import "server-only";
import { db } from "../db";
import { logEvent } from "../log";
import { hit, RATE_LIMITS } from "../rate-limit";

/** A run that found its workspace over the export limit: it waits and runs later, it is never dropped. */
export class RunDeferred extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("The workspace is over its export limit.");
  }
}

/**
 * Counts one export of a scheduled run against the workspace's per-minute export limit,
 * the same one people's exports count against, so schedules cannot be used to go around it.
 */
export async function takeExportSlot(workspaceId: string): Promise<void> {
  const state = await hit(RATE_LIMITS.exportsPerWorkspace(), workspaceId);
  if (!state.allowed) throw new RunDeferred(state.retryAfterSeconds);
}

/**
 * Puts a deferred run back in line for when the limit's window ends. The attempt it used is
 * given back, so however often it is deferred it keeps all its attempts for real failures;
 * the run history shows why it waits.
 */
export async function deferRun(
  run: { id: string; attempts: number },
  instanceId: string,
  deferred: RunDeferred,
): Promise<void> {
  const at = new Date(Date.now() + deferred.retryAfterSeconds * 1000);
  const limit = RATE_LIMITS.exportsPerWorkspace().limit;
  await db.scheduleRun.updateMany({
    where: { id: run.id, claimedBy: instanceId, status: "running" },
    data: {
      status: "retrying",
      attempts: Math.max(0, run.attempts - 1),
      nextAttemptAt: at,
      errorMessage: `Deferred: this workspace started its limit of ${limit} exports in the last minute. The run waits until ${at.toISOString().slice(11, 19)} UTC and is then tried again.`,
    },
  });
  logEvent("schedule_run.deferred", { run: run.id, untilMs: at.getTime() }, "warn");
}
