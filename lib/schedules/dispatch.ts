import "server-only";
import { notFound } from "../errors";
import { INSTANCE_ID, loopState, startLoop } from "../background/machine";
import { db } from "../db";
import { logEvent } from "../log";
import { claimOccurrence, claimRetry, recoverStaleRuns } from "./claim";
import { executeRun } from "./run";
import type { RunStatus } from "./types";

export interface DispatchOptions {
  now?: Date;
  instanceId?: string;
  /** Most schedules claimed in one call; the rest wait for the next tick. */
  limit?: number;
  /** Runs executed at once. */
  concurrency?: number;
  /** Only these workspaces (tests and per-tenant tooling); all when absent. */
  workspaceIds?: string[];
}

export interface DispatchSummary {
  claimed: number;
  retried: number;
  recovered: number;
  runs: { runId: string; scheduleId: string; status: RunStatus }[];
}

async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

/**
 * One scheduler tick: claims every due occurrence and every run due for another attempt,
 * then executes them. Safe to call from several processes and overlapping cron calls.
 */
export async function dispatchDue(options: DispatchOptions = {}): Promise<DispatchSummary> {
  const now = options.now ?? new Date();
  const instanceId = options.instanceId ?? INSTANCE_ID;
  const scope = options.workspaceIds ? { workspaceId: { in: options.workspaceIds } } : {};
  const recovered = await recoverStaleRuns(now, options.workspaceIds);

  const due = await db.schedule.findMany({
    where: { active: true, nextRunAt: { lte: now }, ...scope },
    orderBy: { nextRunAt: "asc" },
    take: options.limit ?? 1000,
    select: { id: true, workspaceId: true, cron: true, timezone: true, nextRunAt: true },
  });
  const claimed: { runId: string; scheduleId: string }[] = [];
  for (const schedule of due) {
    const runId = await claimOccurrence({ ...schedule, nextRunAt: schedule.nextRunAt! }, now, instanceId);
    if (runId) claimed.push({ runId, scheduleId: schedule.id });
  }

  const waiting = await db.scheduleRun.findMany({
    where: { status: "retrying", nextAttemptAt: { lte: now }, ...scope },
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 1000,
    select: { id: true, attempts: true, scheduleId: true },
  });
  let retried = 0;
  for (const run of waiting) {
    if (await claimRetry(run, now, instanceId)) {
      claimed.push({ runId: run.id, scheduleId: run.scheduleId });
      retried += 1;
    }
  }

  const runs: DispatchSummary["runs"] = [];
  await inPool(claimed, options.concurrency ?? 4, async ({ runId, scheduleId }) => {
    runs.push({ runId, scheduleId, status: await executeRun(runId, instanceId) });
  });
  if (claimed.length > 0 || recovered > 0) {
    logEvent("dispatch.tick", { instance: instanceId, claimed: claimed.length - retried, retried, recovered });
  }
  return { claimed: claimed.length - retried, retried, recovered, runs };
}

/**
 * "Run now": a manual occurrence at this instant, executed in the background. `done`
 * settles when the run has an outcome (tests and scripts await it; routes do not).
 */
export async function runNow(
  workspaceId: string,
  scheduleId: string,
  instanceId = INSTANCE_ID,
): Promise<{ runId: string; done: Promise<RunStatus> }> {
  const schedule = await db.schedule.findFirst({ where: { id: scheduleId, workspaceId }, select: { id: true } });
  if (!schedule) throw notFound("Schedule");
  const now = new Date();
  const run = await db.scheduleRun.create({
    data: {
      workspaceId,
      scheduleId,
      scheduledFor: now,
      trigger: "manual",
      status: "running",
      attempts: 1,
      claimedBy: instanceId,
      heartbeatAt: now,
    },
  });
  const done = executeRun(run.id, instanceId).catch((error: unknown) => {
    logEvent("schedule_run.error", { run: run.id, error: String(error) }, "error");
    return "failed" as RunStatus;
  });
  return { runId: run.id, done };
}

/** Whether this process dispatches schedules itself, and when its last tick ended (for /api/health). */
export function schedulerState(): { running: boolean; lastTickAt: string | null } {
  const { running, lastPassAt } = loopState("schedules");
  return { running, lastTickAt: lastPassAt };
}

/** Calls the dispatcher at the start of every minute in this process (self-hosted mode). */
export function startScheduler(): () => void {
  return startLoop({
    name: "schedules",
    pass: async () => {
      await dispatchDue();
    },
    // A second past the minute, so occurrences at :00 are due when the tick looks.
    wait: () => 60_000 - (Date.now() % 60_000) + 1_000,
  });
}
