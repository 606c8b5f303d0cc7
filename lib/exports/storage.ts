import "server-only";
import { createReadStream, createWriteStream, mkdirSync } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";

/**
 * Local file storage for finished exports. A file is written under a temporary name and
 * renamed only when complete, so a reader never sees a half-written export.
 */
export function storageRoot(): string {
  return resolve(process.env.CHARTROOM_EXPORT_DIR ?? join(/*turbopackIgnore: true*/ process.cwd(), ".data", "exports"));
}

function pathFor(key: string): string {
  const root = storageRoot();
  const full = resolve(root, key);
  if (!full.startsWith(root + sep)) throw new Error("storage key escapes the export directory");
  return full;
}

export interface PendingFile {
  stream: Writable;
  /** Makes the file visible under its key; call after the stream has finished. */
  publish: () => Promise<number>;
  discard: () => Promise<void>;
}

export function openPending(key: string): PendingFile {
  const final = pathFor(key);
  const temp = `${final}.part`;
  mkdirSync(dirname(final), { recursive: true });
  const stream = createWriteStream(temp);
  return {
    stream,
    publish: async () => {
      // Writers may resolve before the file stream has flushed and closed.
      if (!stream.closed) await finished(stream);
      await rename(temp, final);
      return (await stat(final)).size;
    },
    discard: () => rm(temp, { force: true }),
  };
}

export function openStored(key: string) {
  return createReadStream(pathFor(key));
}

export async function storedSize(key: string): Promise<number | null> {
  try {
    return (await stat(pathFor(key))).size;
  } catch {
    return null;
  }
}

export async function removeStored(key: string): Promise<void> {
  await rm(pathFor(key), { force: true });
  await rm(`${pathFor(key)}.part`, { force: true });
}
