import { db } from "../lib/db";
import type { ExportStorage } from "../lib/exports/storage";
import { claimNextJob } from "../lib/exports/worker";

/**
 * A succeeded export with a published file, written through the storage itself. It never
 * passes through the queue, so workers in parallel tests cannot pick it up.
 */
export async function storedExport(
  storage: ExportStorage,
  workspaceId: string,
  content: string,
  overrides: { expiresAt?: Date; status?: string } = {},
) {
  const job = await db.exportJob.create({
    data: {
      workspaceId,
      reportName: "Stored export",
      format: "csv",
      status: overrides.status ?? "succeeded",
      createdBy: "tester@example.com",
      rowCount: content.split("\n").length - 1,
      finishedAt: new Date(),
      expiresAt: overrides.expiresAt ?? new Date(Date.now() + 86_400_000),
    },
  });
  const key = `${workspaceId}/${job.id}/stored-export.csv`;
  const pending = storage.openPending(key);
  pending.stream.end(content);
  const byteSize = await pending.publish();
  return db.exportJob.update({ where: { id: job.id }, data: { storageKey: key, byteSize } });
}

/**
 * Claims exactly the given queued export, whatever other test files queued meanwhile: a job
 * claimed instead goes back to the queue behind it, so the loop always ends.
 */
export async function claimExportJob(id: string, workerId = "test-worker") {
  for (;;) {
    const job = await claimNextJob(workerId);
    if (!job) throw new Error("nothing to claim");
    if (job.id === id) return job;
    await db.exportJob.update({
      where: { id: job.id },
      data: { status: "queued", workerId: null, createdAt: new Date() },
    });
  }
}
