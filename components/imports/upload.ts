import Papa from "papaparse";
import { ApiRequestError } from "@/components/hooks/queries";
import { importApi, type ChunkRow } from "@/components/hooks/import-queries";
import { CHUNK_ROWS, type ImportChunkResult } from "@/lib/imports/schemas";

export interface UploadOptions {
  file: File;
  importId: string;
  /** Dataset field → CSV column. */
  mapping: Record<string, string>;
  /** Lines the server already has (its `lastLine`): they are read but not sent again. */
  skipThrough: number;
  onChunk: (result: ImportChunkResult, fraction: number) => void;
  onProgress: (fraction: number) => void;
}

export interface Upload {
  done: Promise<void>;
  cancel: () => void;
}

const RETRY_DELAYS_MS = [500, 1500, 4000];
// The server reads request bodies up to 1 MB: wide rows make a chunk smaller than CHUNK_ROWS.
const CHUNK_BYTES = 800_000;

function rowBytes(row: ChunkRow): number {
  let bytes = 24;
  for (const [key, value] of Object.entries(row.values)) bytes += key.length + value.length + 8;
  return bytes;
}

/** How many rows from the front of the buffer make one chunk. */
function chunkLength(buffer: ChunkRow[]): number {
  let bytes = 0;
  for (let i = 0; i < Math.min(buffer.length, CHUNK_ROWS); i++) {
    bytes += rowBytes(buffer[i]);
    if (bytes > CHUNK_BYTES) return Math.max(1, i);
  }
  return Math.min(buffer.length, CHUNK_ROWS);
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A chunk goes again after a network failure or a server error; the server stores it once whatever happens. */
async function sendWithRetry(importId: string, rows: ChunkRow[], final: boolean): Promise<ImportChunkResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await importApi.sendChunk(importId, rows, final);
    } catch (error) {
      const permanent = error instanceof ApiRequestError && error.status < 500;
      if (permanent || attempt >= RETRY_DELAYS_MS.length) throw error;
      await sleep(RETRY_DELAYS_MS[attempt]);
    }
  }
}

function isBlank(row: Record<string, string>): boolean {
  return Object.values(row).every((v) => v === undefined || v === null || String(v).trim() === "");
}

/**
 * Streams the file through papaparse a few hundred kilobytes at a time and sends rows in
 * chunks of CHUNK_ROWS, pausing the parser while a chunk is on its way, so memory stays
 * flat whatever the file size. Row n of the data (from 0) is line n + 2: the header is line 1.
 */
export function startUpload(options: UploadOptions): Upload {
  let stopped = false;
  let parserRef: Papa.Parser | null = null;
  const done = new Promise<void>((resolve, reject) => {
    let index = 0;
    let buffer: ChunkRow[] = [];
    let last: ChunkRow | null = null;
    const fraction = (cursor: number) => (options.file.size > 0 ? Math.min(1, cursor / options.file.size) : 1);
    const fail = (error: unknown) => {
      if (stopped) return;
      stopped = true;
      parserRef?.abort();
      reject(error);
    };

    Papa.parse<Record<string, string>>(options.file, {
      header: true,
      skipEmptyLines: false,
      chunkSize: 512 * 1024,
      chunk(results, parser) {
        parserRef = parser;
        if (stopped) return parser.abort();
        for (const data of results.data) {
          const line = index + 2;
          index++;
          if (isBlank(data)) continue;
          const values: Record<string, string> = {};
          for (const [field, column] of Object.entries(options.mapping)) values[field] = data[column] ?? "";
          last = { line, values };
          if (line > options.skipThrough) buffer.push(last);
        }
        const at = fraction(results.meta.cursor);
        if (buffer.length <= CHUNK_ROWS) return options.onProgress(at);
        parser.pause();
        void (async () => {
          // One row stays behind so the last chunk (marked final) is never empty.
          while (buffer.length > CHUNK_ROWS) {
            const size = chunkLength(buffer);
            const rows = buffer.slice(0, size);
            buffer = buffer.slice(size);
            options.onChunk(await sendWithRetry(options.importId, rows, false), at);
          }
        })().then(() => (stopped ? parser.abort() : parser.resume()), fail);
      },
      complete() {
        if (stopped) return;
        // Everything may have been sent before an interruption: the last row again closes the import.
        if (buffer.length === 0 && last) buffer = [last];
        if (buffer.length === 0) return fail(new Error("The file has no rows under its header."));
        void (async () => {
          while (buffer.length > 0) {
            const size = chunkLength(buffer);
            const rows = buffer.slice(0, size);
            buffer = buffer.slice(size);
            const final = buffer.length === 0;
            options.onChunk(await sendWithRetry(options.importId, rows, final), final ? 1 : 0.99);
          }
        })().then(resolve, fail);
      },
      error(error) {
        fail(error);
      },
    });
  });
  return {
    done,
    cancel: () => {
      stopped = true;
      parserRef?.abort();
    },
  };
}
