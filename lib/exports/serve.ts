import "server-only";
import { Readable } from "node:stream";
import { ApiError } from "../errors";
import { recordAudit } from "../audit";
import { storedFileHeaders } from "../net/file-response";
import { contentDisposition, downloadName } from "./filename";
import type { findJob } from "./jobs";
import { exportStorage, type ExportStorage } from "./storage";
import { CONTENT_TYPE, type ExportFormat } from "./types";

type JobRecord = Awaited<ReturnType<typeof findJob>>;

/** A job whose file may be served: succeeded, not past its retention, file still there. */
export async function servableFile(job: JobRecord, storage: ExportStorage = exportStorage(), now = Date.now()) {
  if (job.status === "expired" || (job.expiresAt && job.expiresAt.getTime() <= now)) {
    throw new ApiError("gone", "This export has expired. Run it again to download it.");
  }
  if (job.status !== "succeeded" || !job.storageKey) {
    throw new ApiError("conflict", `This export is ${job.status}; it can be downloaded once it has succeeded.`);
  }
  const size = await storage.size(job.storageKey);
  if (size === null) throw new ApiError("gone", "This export's file is no longer available. Run it again.");
  return { key: job.storageKey, size };
}

/**
 * A finished export's file as a response: streamed from local storage, or a redirect to a
 * short-lived URL of the bucket. Only published (complete) files are ever served, and
 * every download is audited with who asked for it.
 */
export async function serveExportFile(
  job: JobRecord,
  who: { actor: string; ip: string | null; via?: string },
  storage: ExportStorage = exportStorage(),
): Promise<Response> {
  const { key, size } = await servableFile(job, storage);
  await recordAudit({
    workspaceId: job.workspaceId,
    actor: who.actor,
    action: "export.downloaded",
    entity: `export:${job.id}`,
    ip: who.ip,
    details: {
      report: job.reportName,
      format: job.format,
      rows: job.rowCount,
      bytes: size,
      ...(who.via ? { via: who.via } : {}),
    },
  });
  const headers = {
    contentDisposition: contentDisposition(downloadName(key)),
    contentType: CONTENT_TYPE[job.format as ExportFormat],
  };
  return storedFileResponse(storage, key, size, headers);
}

/**
 * A published file of the storage as a download: a redirect to a short-lived URL of the
 * bucket, or streamed from local disk with its length.
 */
export async function storedFileResponse(
  storage: ExportStorage,
  key: string,
  size: number,
  headers: { contentDisposition: string; contentType: string },
): Promise<Response> {
  const redirect = await storage.downloadUrl(key, headers);
  if (redirect)
    return new Response(null, { status: 302, headers: { Location: redirect, "Cache-Control": "no-store" } });
  const body = Readable.toWeb(await storage.open(key)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "Content-Type": headers.contentType,
      "Content-Disposition": headers.contentDisposition,
      ...storedFileHeaders(size),
      "X-Content-Type-Options": "nosniff",
    },
  });
}
