import "server-only";
import { contentDisposition } from "../exports/filename";
import { storedFileResponse } from "../exports/serve";
import { exportStorage, type ExportStorage } from "../exports/storage";
import type { EmailAttachment } from "./send";

/**
 * Outbox attachments live in the export storage (local disk or the bucket) under their own
 * prefix: export keys start with a workspace id, and export cleanup only removes the files
 * of expired export jobs and stale pending files, so it never touches these.
 */
export const OUTBOX_PREFIX = "outbox/";

export interface OutboxAttachment {
  index: number;
  filename: string;
  contentType: string;
  size: number;
  storageKey: string;
  /** An inline part the HTML shows as `cid:<contentId>` (the logo), not a file of the e-mail. */
  contentId?: string;
}

/** Writes an e-mail's attachments under one folder of the outbox prefix, each published once complete. */
export async function storeOutboxAttachments(
  attachments: readonly EmailAttachment[],
  storage: ExportStorage = exportStorage(),
): Promise<OutboxAttachment[]> {
  const folder = `${OUTBOX_PREFIX}${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const stored: OutboxAttachment[] = [];
  for (const [index, a] of attachments.entries()) {
    const storageKey = `${folder}/${index}`;
    const pending = storage.openPending(storageKey);
    pending.stream.end(a.content);
    const size = await pending.publish();
    stored.push({
      index,
      filename: a.filename,
      contentType: a.contentType,
      size,
      storageKey,
      ...(a.contentId ? { contentId: a.contentId } : {}),
    });
  }
  return stored;
}

export async function removeOutboxAttachments(
  attachments: readonly OutboxAttachment[],
  storage: ExportStorage = exportStorage(),
): Promise<void> {
  for (const a of attachments) await storage.remove(storageKeyOf(a));
}

/** E-mails kept before attachments moved into the export storage named keys relative to the outbox folder. */
function storageKeyOf(attachment: OutboxAttachment): string {
  return attachment.storageKey.startsWith(OUTBOX_PREFIX)
    ? attachment.storageKey
    : `${OUTBOX_PREFIX}${attachment.storageKey}`;
}

/** A kept part's bytes, for parts small enough to hold in memory (inline images); null when it is not there. */
export async function readOutboxAttachment(
  attachment: OutboxAttachment,
  storage: ExportStorage = exportStorage(),
): Promise<Buffer | null> {
  const key = storageKeyOf(attachment);
  if ((await storage.size(key)) === null) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.open(key)) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** A kept attachment as a download, the way export files are served; null when it is not there. */
export async function serveOutboxAttachment(
  attachment: OutboxAttachment,
  storage: ExportStorage = exportStorage(),
): Promise<Response | null> {
  const key = storageKeyOf(attachment);
  const size = await storage.size(key);
  if (size === null) return null;
  return storedFileResponse(storage, key, size, {
    contentDisposition: contentDisposition(attachment.filename),
    contentType: attachment.contentType,
  });
}
