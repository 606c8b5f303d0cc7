import "server-only";
import { config } from "../config";
import { createReadStream, createWriteStream, mkdirSync } from "node:fs";
import { readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { finished } from "node:stream/promises";
import { PENDING_SUFFIX, type ExportStorage } from "./storage-types";

export function storageRoot(): string {
  return resolve(config().exports.dir ?? join(/*turbopackIgnore: true*/ process.cwd(), ".data", "exports"));
}

async function* walk(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return;
    throw error;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** Files under a directory on this machine's disk (one machine, or a shared volume). */
export function localStorage(root = storageRoot()): ExportStorage {
  const pathFor = (key: string) => {
    const full = resolve(root, key);
    if (!full.startsWith(root + sep)) throw new Error("storage key escapes the export directory");
    return full;
  };
  return {
    openPending(key) {
      const final = pathFor(key);
      const temp = `${final}${PENDING_SUFFIX}`;
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
        discard: async () => {
          // A writer that has not seen the failure yet may still write: those writes fail
          // with ERR_STREAM_DESTROYED, which must not end the process. Nothing is kept anyway.
          stream.on("error", () => undefined);
          stream.destroy();
          await rm(temp, { force: true });
        },
      };
    },
    async open(key) {
      return createReadStream(pathFor(key));
    },
    async size(key) {
      try {
        return (await stat(pathFor(key))).size;
      } catch {
        return null;
      }
    },
    async remove(key) {
      await rm(pathFor(key), { force: true });
      await rm(`${pathFor(key)}${PENDING_SUFFIX}`, { force: true });
    },
    async downloadUrl() {
      return null;
    },
    async removePendingOlderThan(cutoff) {
      let removed = 0;
      for await (const file of walk(root)) {
        if (!file.endsWith(PENDING_SUFFIX)) continue;
        const info = await stat(file).catch(() => null);
        if (info && info.mtime < cutoff) {
          await rm(file, { force: true });
          removed += 1;
        }
      }
      return removed;
    },
  };
}
