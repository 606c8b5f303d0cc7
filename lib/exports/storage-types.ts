import type { Readable, Writable } from "node:stream";

/** Suffix of a file that is still being written; never served, removed by cleanup when left behind. */
export const PENDING_SUFFIX = ".part";

export interface PendingFile {
  stream: Writable;
  /** Makes the file visible under its key and returns its size; call after the stream has finished. */
  publish: () => Promise<number>;
  discard: () => Promise<void>;
}

/**
 * Where finished exports live. A file is written under a temporary name and made visible
 * under its key only when complete, so a reader never sees a half-written export.
 */
export interface ExportStorage {
  openPending(key: string): PendingFile;
  open(key: string): Promise<Readable>;
  /** Bytes of a published file, or null when there is none. */
  size(key: string): Promise<number | null>;
  /** Removes the published file and any pending one. */
  remove(key: string): Promise<void>;
  /** A short-lived URL to send the downloader to, or null when the app streams the file itself. */
  downloadUrl(key: string, headers: { contentDisposition: string; contentType: string }): Promise<string | null>;
  /** Deletes pending files last written before `cutoff` (left by processes that died); returns how many. */
  removePendingOlderThan(cutoff: Date): Promise<number>;
}
