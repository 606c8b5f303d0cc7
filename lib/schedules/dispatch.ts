import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { notFound } from "../errors";
import { db } from "../db";
import { isUniqueViolation } from "../db/errors";
import { logEvent } from "../log";
import { dueOccurrence } from "./cron";
import { executeRun } from "./run";
import type { RunStatus } from "./types";

export const DISPATCHER_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
/** A run with no heartbeat for this long lost its process and is attempted again. */
export const RUN_STALE_MS = 120_000;
/** Occurrences claimed this long after they were due are marked late. */
export const LATE_AFTER_MS = 5 * 60_000;

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

class LostRace extends Error {}

/**
 * Claims the due occurrence of one schedule: the run row (unique per schedule and
 * occurrence) and the advance of `nextRunAt` commit together or not at all, so however
 * many dispatchers race, one of them gets it. Missed occurrences collapse into one late
 * catch-up run.
 */
async function claimOccurrence(
  schedule: { id: string; workspaceId: string; cron: string; timezone: string; nextRunAt: Date },
  now: Date,
  instanceId: string,
): Promise<string | null> {
  const { occurrence, missedEarlier, next } = dueOccurrence(schedule.cron, schedule.timezone, schedule.nextRunAt, now);
  const late = missedEarlier || now.getTime() - occurrence.getTime() > LATE_AFTER_MS;
  try {
    return await db.$transaction(async (tx) => {
      const run = await tx.scheduleRun.create({
        data: {
          workspaceId: schedule.workspaceId,
          scheduleId: schedule.id,
          scheduledFor: occurrence,
          trigger: late ? "catch_up" : "schedule",
          late,
          status: "running",
          attempts: 1,
          claimedBy: instanceId,
          heartbeatAt: now,
        },
      });
      const { count } = await tx.schedule.updateMany({
        where: { id: schedule.id, nextRunAt: schedule.nextRunAt, active: true },
        data: { nextRunAt: next },
      });
      if (count !== 1) throw new LostRace();
      return run.id;
    });
  } catch (error) {
    if (error instanceof LostRace || isUniqueViolation(error)) return null;
    throw error;
  }
}

/** Runs whose process died mid-run go back to retrying; their sent e-mails stay sent. */
async function recoverStaleRuns(now: Date, workspaceIds?: string[]): Promise<number> {
  const { count } = await db.scheduleRun.updateMany({
    where: {
      status: "running",
      heartbeatAt: { lt: new Date(now.getTime() - RUN_STALE_MS) },
      ...(workspaceIds ? { workspaceId: { in: workspaceIds } } : {}),
    },
    data: { status: "retrying", nextAttemptAt: now, errorMessage: "The process running this schedule stopped; trying again." },
  });
  return count;
}

/** Takes a run that is waiting for its next attempt, if no other dispatcher took it first. */
async function claimRetry(run: { id: string; attempts: number }, now: Date, instanceId: string): Promise<boolean> {
  const { count } = await db.scheduleRun.updateMany({
    where: { id: run.id, status: "retrying", attempts: run.attempts },
    data: { status: "running", attempts: run.attempts + 1, claimedBy: instanceId, heartbeatAt: now, nextAttemptAt: null },
  });
  return count === 1;
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
  const instanceId = options.instanceId ?? DISPATCHER_ID;
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
  instanceId = DISPATCHER_ID,
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

const globalForScheduler = globalThis as unknown as { chartroomSchedulerStop?: () => void; chartroomSchedulerTickAt?: number };

/** Whether this process dispatches schedules itself, and when its last tick ended (for /api/health). */
export function schedulerState(): { running: boolean; lastTickAt: string | null } {
  const at = globalForScheduler.chartroomSchedulerTickAt;
  return { running: Boolean(globalForScheduler.chartroomSchedulerStop), lastTickAt: at ? new Date(at).toISOString() : null };
}

/** Calls the dispatcher at the start of every minute in this process (self-hosted mode). */
export function startScheduler(): () => void {
  if (globalForScheduler.chartroomSchedulerStop) return globalForScheduler.chartroomSchedulerStop;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    // A second past the minute, so occurrences at :00 are due when the tick looks.
    const wait = 60_000 - (Date.now() % 60_000) + 1_000;
    timer = setTimeout(tick, wait);
  };
  const tick = async () => {
    try {
      await dispatchDue();
      globalForScheduler.chartroomSchedulerTickAt = Date.now();
    } catch (error) {
      logEvent("dispatch.error", { error: String(error) }, "error");
    }
    if (!stopped) schedule();
  };
  schedule();
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    globalForScheduler.chartroomSchedulerStop = undefined;
  };
  globalForScheduler.chartroomSchedulerStop = stop;
  return stop;
}
