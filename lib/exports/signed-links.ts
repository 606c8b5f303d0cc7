import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { ApiError, notFound } from "../errors";
import { authSecret } from "../auth-secret";
import { db } from "../db";

/** Keeps these signatures from ever being valid for anything else signed with the app secret. */
const DOMAIN = "chartroom/export-link/v1";

export const signedLinkQuery = z.object({
  expires: z.string().optional(),
  sig: z.string().optional(),
});

function signature(workspaceId: string, jobId: string, expires: number): Buffer {
  const key = createHmac("sha256", authSecret()).update(DOMAIN).digest();
  return createHmac("sha256", key).update(`${workspaceId}\n${jobId}\n${expires}`).digest();
}

/** The link for a job whose workspace is already known. */
export function signedExportPath(job: { id: string; workspaceId: string }, expires: Date): string {
  const unix = Math.floor(expires.getTime() / 1000);
  const sig = signature(job.workspaceId, job.id, unix).toString("hex");
  return `/api/exports/${encodeURIComponent(job.id)}/file?expires=${unix}&sig=${sig}`;
}

/**
 * A link that downloads an export without signing in, valid for `ttlSeconds` (or until the
 * file's own retention ends, if sooner). Async because the signature binds the job's
 * workspace, which is read from the database.
 */
export async function signExportLink(
  jobId: string,
  ttlSeconds: number,
  now = Date.now(),
): Promise<{ path: string; expiresAt: Date }> {
  const job = await db.exportJob.findUnique({
    where: { id: jobId },
    select: { id: true, workspaceId: true, expiresAt: true },
  });
  if (!job) throw notFound("Export");
  // Whole seconds, so the date returned is the one the link carries.
  let expires = Math.floor((now + ttlSeconds * 1000) / 1000) * 1000;
  if (job.expiresAt && job.expiresAt.getTime() < expires) expires = Math.floor(job.expiresAt.getTime() / 1000) * 1000;
  const expiresAt = new Date(expires);
  return { path: signedExportPath(job, expiresAt), expiresAt };
}

/**
 * The job a signed link names, once its signature and expiry check out.
 * Unknown job, missing or altered signature → the same 403, so a link cannot tell whether
 * an export id exists; past its expiry, or no file → 410.
 */
export async function verifyExportLink(jobId: string, query: z.infer<typeof signedLinkQuery>, now = Date.now()) {
  const job = await db.exportJob.findUnique({ where: { id: jobId } });
  const given = query.sig && /^[0-9a-f]{64}$/.test(query.sig) ? Buffer.from(query.sig, "hex") : null;
  // A malformed expiry is an altered link like any other, not a bad request.
  const expires = query.expires !== undefined && /^\d{1,12}$/.test(query.expires) ? Number(query.expires) : null;
  // An unknown id is signed and compared all the same, so it takes as long as a known one.
  const expected = signature(job?.workspaceId ?? "", jobId, expires ?? 0);
  const valid = given !== null && expires !== null && timingSafeEqual(given, expected);
  if (!job || !valid) throw new ApiError("forbidden", "This download link is not valid.");
  if (expires * 1000 <= now) throw new ApiError("gone", "This download link has expired. Ask for a new one.");
  // Whoever holds the link cannot retry or wait for it: anything but a file is gone for them.
  if (job.status !== "succeeded" && job.status !== "expired") {
    throw new ApiError("gone", "This export's file is no longer available.");
  }
  return job;
}
