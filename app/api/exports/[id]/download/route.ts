import { Readable } from "node:stream";
import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { contentDisposition } from "@/lib/exports/filename";
import { findJob } from "@/lib/exports/jobs";
import { openStored, storedSize } from "@/lib/exports/storage";
import { CONTENT_TYPE, type ExportFormat } from "@/lib/exports/types";
import { downloadName } from "@/lib/exports/worker";

/** A finished export's file. Only published (complete) files are ever served. */
export const GET = withWorkspace<{ id: string }>(async (req, { workspace, params, user }) => {
  const job = await findJob(workspace.id, params.id);
  if (job.status === "expired" || (job.expiresAt && job.expiresAt.getTime() < Date.now())) {
    throw new ApiError("gone", "This export has expired. Run it again to download it.");
  }
  if (job.status !== "succeeded" || !job.storageKey) {
    throw new ApiError("conflict", `This export is ${job.status}; it can be downloaded once it has succeeded.`);
  }
  const size = await storedSize(job.storageKey);
  if (size === null) throw new ApiError("gone", "This export's file is no longer available. Run it again.");
  await recordAudit({
    workspaceId: workspace.id,
    actor: user.email,
    action: "export.downloaded",
    entity: `export:${job.id}`,
    ip: requestIp(req),
    details: { report: job.reportName, format: job.format, rows: job.rowCount, bytes: size },
  });
  const body = Readable.toWeb(openStored(job.storageKey)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPE[job.format as ExportFormat],
      "Content-Length": String(size),
      "Content-Disposition": contentDisposition(downloadName(job.storageKey)),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
