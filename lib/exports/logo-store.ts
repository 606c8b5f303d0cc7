import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "../db";
import { ApiError } from "../errors";
import { loadLogo, logoFromBytes, type Logo } from "../pdf/logo";
import type { ExportBranding } from "../reports/file-meta";
import { exportStorage, type ExportStorage } from "./storage";

/**
 * Workspace logos live in the export storage (local disk or the bucket) under their own
 * prefix, so they work wherever export files do; export keys start with a workspace id and
 * export cleanup only removes files of expired jobs, so it never touches these.
 */
export const LOGO_PREFIX = "logos/";

/** Big enough for a crisp header logo, small enough to inline into every PDF and e-mail. */
export const MAX_LOGO_BYTES = 512 * 1024;
const MAX_LOGO_SIDE = 4096;

const MIME = { png: "image/png", jpg: "image/jpeg" } as const;

export function isStoredLogo(logoUrl: string | null): logoUrl is string {
  return logoUrl !== null && logoUrl.startsWith(LOGO_PREFIX);
}

/** The image an upload holds, judged by its bytes (never by its name or declared type). */
export function checkLogo(bytes: Buffer): Logo {
  if (bytes.length === 0) throw new ApiError("invalid_parameter", "The logo file is empty.", { param: "logo" });
  if (bytes.length > MAX_LOGO_BYTES) {
    throw new ApiError(
      "unprocessable",
      `The logo is ${Math.ceil(bytes.length / 1024)} KB; logos may be at most ${MAX_LOGO_BYTES / 1024} KB.`,
      { param: "logo" },
    );
  }
  const logo = logoFromBytes(bytes);
  if (!logo || !complete(bytes, logo.format)) {
    throw new ApiError("unprocessable", "The logo must be a PNG or JPEG image.", { param: "logo" });
  }
  if (logo.width > MAX_LOGO_SIDE || logo.height > MAX_LOGO_SIDE) {
    throw new ApiError(
      "unprocessable",
      `The logo is ${logo.width}×${logo.height} pixels; use at most ${MAX_LOGO_SIDE} pixels a side.`,
      { param: "logo" },
    );
  }
  return logo;
}

/**
 * Whether the file is whole: a PNG's chunks run to its IEND with image data on the way, a
 * JPEG ends with its end-of-image marker. A cut-off upload is refused here rather than
 * breaking every PDF that would draw it.
 */
function complete(bytes: Buffer, format: Logo["format"]): boolean {
  if (format === "jpg")
    return bytes.length >= 4 && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
  let at = 8;
  let data = false;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    if (type === "IDAT") data = true;
    if (type === "IEND") return data;
    at += 12 + length;
  }
  return false;
}

/** Stores a new logo for the workspace and removes the one it replaces. */
export async function setWorkspaceLogo(
  workspaceId: string,
  bytes: Buffer,
  storage: ExportStorage = exportStorage(),
): Promise<{ key: string; format: Logo["format"]; width: number; height: number }> {
  const logo = checkLogo(bytes);
  // A fresh key per upload: a PDF being rendered from the old one keeps reading it until it is removed.
  const key = `${LOGO_PREFIX}${workspaceId}/${randomBytes(8).toString("hex")}.${logo.format}`;
  const pending = storage.openPending(key);
  pending.stream.end(bytes);
  await pending.publish();
  const before = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { logoUrl: true } });
  await db.workspace.update({ where: { id: workspaceId }, data: { logoUrl: key } });
  if (isStoredLogo(before.logoUrl) && before.logoUrl !== key) await storage.remove(before.logoUrl);
  return { key, format: logo.format, width: logo.width, height: logo.height };
}

/** Clears the workspace's logo; returns whether it had one. */
export async function removeWorkspaceLogo(
  workspaceId: string,
  storage: ExportStorage = exportStorage(),
): Promise<boolean> {
  const before = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { logoUrl: true } });
  if (before.logoUrl === null) return false;
  await db.workspace.update({ where: { id: workspaceId }, data: { logoUrl: null } });
  if (isStoredLogo(before.logoUrl)) await storage.remove(before.logoUrl);
  return true;
}

/** The logo's bytes and type, or null when there is none or it cannot be read. */
export async function readLogo(
  logoUrl: string | null,
  storage: ExportStorage = exportStorage(),
): Promise<(Logo & { contentType: string }) | null> {
  if (!isStoredLogo(logoUrl)) {
    const logo = await loadLogo(logoUrl);
    return logo && { ...logo, contentType: MIME[logo.format] };
  }
  try {
    const size = await storage.size(logoUrl);
    if (size === null || size > MAX_LOGO_BYTES) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.open(logoUrl)) chunks.push(Buffer.from(chunk as Uint8Array));
    const logo = logoFromBytes(Buffer.concat(chunks));
    return logo && { ...logo, contentType: MIME[logo.format] };
  } catch {
    // A missing or unreadable logo leaves files without one rather than failing them.
    return null;
  }
}

/** The logo as a data: URL, for renderers that take one (PDF header, e-mail); null for none. */
export async function logoDataUrl(logoUrl: string | null, storage?: ExportStorage): Promise<string | null> {
  const logo = await readLogo(logoUrl, storage);
  return logo && `data:${logo.contentType};base64,${logo.data.toString("base64")}`;
}

/** Branding whose stored logo is inlined, so the PDF renderer never needs to reach the storage. */
export async function inlineLogo(workspace: ExportBranding, storage?: ExportStorage): Promise<ExportBranding> {
  if (!isStoredLogo(workspace.logoUrl)) return workspace;
  return { ...workspace, logoUrl: await logoDataUrl(workspace.logoUrl, storage) };
}
