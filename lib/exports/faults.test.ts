import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { connection } from "../db/connection";
import { scratchWorkspace } from "../../testing/workspaces";
import { safeFileName } from "./filename";
import { findJob, jobView, retryExportJob } from "./jobs";
import { localStorage } from "./storage-local";
import { runJob } from "./worker";

const definition = {
  dataset: "usage_events",
  columns: ["occurred_at", "event_type", "user_id"],
  timeRange: { type: "absolute", from: "2025-01-01", to: "2025-01-31" },
};

/** A job as a worker holds it after claiming: running, owned by `workerId`. */
async function runningJob(workspaceId: string, workerId: string) {
  const now = new Date();
  return db.exportJob.create({
    data: {
      workspaceId,
      reportName: "Fault test",
      definition: JSON.stringify(definition),
      format: "csv",
      status: "running",
      createdBy: "tester@example.com",
      workerId,
      attempts: 1,
      rowCount: 0,
      startedAt: now,
      heartbeatAt: now,
    },
  });
}

describe("storage faults", () => {
  it("a disk that fills up mid-write fails the export clearly, publishes nothing, and a retry succeeds", async () => {
    const workspace = (await scratchWorkspace({ label: "faults" })).workspace;
    const root = mkdtempSync(join(tmpdir(), "chartroom-full-"));
    const job = await runningJob(workspace.id, "fault-worker");
    // The file the export writes first goes to /dev/full, which refuses every write with ENOSPC.
    const name = safeFileName(`Fault test_${workspace.slug}_2025-01-01_2025-01-31`, "csv");
    const dir = join(root, workspace.id, job.id);
    mkdirSync(dir, { recursive: true });
    symlinkSync("/dev/full", join(dir, `${name}.part`));

    await runJob(job, connection(), "fault-worker", localStorage(root));
    const failed = await findJob(workspace.id, job.id);
    expect(failed).toMatchObject({
      status: "failed",
      storageKey: null,
      errorMessage: "The export file could not be written. Please retry.",
    });
    expect(jobView(failed).downloadUrl).toBeNull();
    expect(existsSync(join(dir, name))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);

    const retry = await retryExportJob(
      { workspaceId: workspace.id, timezone: "UTC", actor: "tester@example.com" },
      job.id,
    );
    await db.exportJob.update({
      where: { id: retry.id },
      data: { status: "running", workerId: "fault-worker", startedAt: new Date(), heartbeatAt: new Date() },
    });
    const claimed = await db.exportJob.findUniqueOrThrow({ where: { id: retry.id } });
    await runJob(claimed, connection(), "fault-worker", localStorage(root));
    const done = await findJob(workspace.id, retry.id);
    expect(done.status).toBe("succeeded");
    expect(existsSync(join(root, done.storageKey!))).toBe(true);
  });
});
