import "server-only";
import { staleBefore } from "../background/machine";
import { db } from "../db";
import { isUniqueViolation } from "../db/errors";
import { dueOccurrence } from "./cron";

// Taking hold of runs: each is leased to one process through `claimed_by` and a heartbeat
// (see lib/background/machine.ts), so several dispatchers can look at the same rows.

/** A run with no heartbeat for this long lost its process and is attempted again. */
export const RUN_STALE_MS = 120_000;
/** Occurrences claimed this long after they were due are marked late. */
export const LATE_AFTER_MS = 5 * 60_000;

class LostRace extends Error {}

/**
 * Claims the due occurrence of one schedule: the run row (unique per schedule and
 * occurrence) and the advance of `nextRunAt` commit together or not at all, so however
 * many dispatchers race, one of them gets it. Missed occurrences collapse into one late
 * catch-up run.
 */
export async function claimOccurrence(
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
export async function recoverStaleRuns(now: Date, workspaceIds?: string[]): Promise<number> {
  const { count } = await db.scheduleRun.updateMany({
    where: {
      status: "running",
      heartbeatAt: { lt: staleBefore(now.getTime(), RUN_STALE_MS) },
      ...(workspaceIds ? { workspaceId: { in: workspaceIds } } : {}),
    },
    data: {
      status: "retrying",
      nextAttemptAt: now,
      errorMessage: "The process running this schedule stopped; trying again.",
    },
  });
  return count;
}

/** Takes a run that is waiting for its next attempt, if no other dispatcher took it first. */
export async function claimRetry(
  run: { id: string; attempts: number },
  now: Date,
  instanceId: string,
): Promise<boolean> {
  const { count } = await db.scheduleRun.updateMany({
    where: { id: run.id, status: "retrying", attempts: run.attempts },
    data: {
      status: "running",
      attempts: run.attempts + 1,
      claimedBy: instanceId,
      heartbeatAt: now,
      nextAttemptAt: null,
    },
  });
  return count === 1;
}

export type RunRecord = NonNullable<Awaited<ReturnType<typeof loadRun>>>;

export function loadRun(runId: string) {
  return db.scheduleRun.findUnique({
    where: { id: runId },
    include: { schedule: { include: { report: true, workspace: true } } },
  });
}
