import "server-only";
import type { Connection } from "../db/connection";
import { db } from "../db";
import { createRunExport } from "../exports/jobs";
import { runJob } from "../exports/worker";
import type { RunRecord } from "./claim";
import { takeExportSlot } from "./export-budget";
import { parseList } from "./service";
import type { ScheduleFormat } from "./types";

/** A failure of a whole run attempt; `transient` ones are attempted again later. */
export class RunFailure extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/** Exports the run still needs; finished ones from an earlier attempt are reused, not redone. */
export async function ensureExports(
  run: RunRecord,
  definition: unknown,
  rowCount: number,
  conn: Connection,
  instanceId: string,
) {
  const { schedule } = run;
  const formats = parseList<ScheduleFormat>(schedule.formats);
  const earlierIds = parseList<string>(run.exportJobIds);
  const earlier = earlierIds.length
    ? await db.exportJob.findMany({
        where: { id: { in: earlierIds }, workspaceId: run.workspaceId, status: "succeeded" },
      })
    : [];
  const jobs = [];
  for (const format of formats) {
    const done = earlier.find((j) => j.format === format);
    if (done) {
      jobs.push(done);
      continue;
    }
    try {
      await takeExportSlot(run.workspaceId);
    } catch (error) {
      // Exports finished so far are kept for the deferred attempt.
      await db.scheduleRun.update({
        where: { id: run.id },
        data: { rowCount, exportJobIds: JSON.stringify(jobs.map((j) => j.id)) },
      });
      throw error;
    }
    const job = await createRunExport({
      workspaceId: run.workspaceId,
      runId: run.id,
      report: { id: schedule.reportId, name: schedule.report.name, description: schedule.report.description },
      createdBy: `schedule:${schedule.name}`,
      definition,
      format,
      instanceId,
    });
    await runJob(job, conn, instanceId);
    const finished = await db.exportJob.findUnique({ where: { id: job.id } });
    if (finished?.status !== "succeeded" || !finished.storageKey) {
      await db.scheduleRun.update({
        where: { id: run.id },
        data: { rowCount, exportJobIds: JSON.stringify(jobs.map((j) => j.id)) },
      });
      throw new RunFailure(
        `The ${format.toUpperCase()} export failed: ${finished?.errorMessage ?? "it did not finish"}`,
        true,
      );
    }
    jobs.push(finished);
  }
  await db.scheduleRun.update({
    where: { id: run.id },
    data: { rowCount, exportJobIds: JSON.stringify(jobs.map((j) => j.id)) },
  });
  return jobs;
}

export type RunExports = Awaited<ReturnType<typeof ensureExports>>;
