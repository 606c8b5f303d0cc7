import Papa from "papaparse";
import type { ChunkRow } from "@/components/hooks/import-queries";

/** Bytes papaparse reads at a time: small enough to pause often, large enough to be quick. */
export const READ_CHUNK_BYTES = 512 * 1024;

export interface ParseRequest {
  file: File;
  /** Dataset field → CSV column. */
  mapping: Record<string, string>;
  /** Lines the server already has: read, but left out of the batches. */
  skipThrough: number;
}

export interface Batch {
  rows: ChunkRow[];
  /** The last non-blank row read so far, sent or not (it closes an import that was all sent before). */
  last: ChunkRow | null;
  /** Share of the file read so far, 0–1. */
  fraction: number;
}

function isBlank(row: Record<string, string>): boolean {
  return Object.values(row).every((v) => v === undefined || v === null || String(v).trim() === "");
}

/**
 * Reads the file a chunk at a time and hands each chunk's rows to `onBatch`, waiting for it
 * before reading on, so memory stays flat whatever the file size. Row n of the data (from 0)
 * is line n + 2: the header is line 1. Runs in the page or in a worker alike.
 */
export function parseBatches(
  request: ParseRequest,
  onBatch: (batch: Batch) => Promise<void>,
): { done: Promise<ChunkRow | null>; abort: () => void } {
  let parserRef: Papa.Parser | null = null;
  let aborted = false;
  const done = new Promise<ChunkRow | null>((resolve, reject) => {
    let index = 0;
    let last: ChunkRow | null = null;
    Papa.parse<Record<string, string>>(request.file, {
      header: true,
      skipEmptyLines: false,
      chunkSize: READ_CHUNK_BYTES,
      chunk(results, parser) {
        parserRef = parser;
        if (aborted) return parser.abort();
        const rows: ChunkRow[] = [];
        for (const data of results.data) {
          const line = index + 2;
          index++;
          if (isBlank(data)) continue;
          const values: Record<string, string> = {};
          for (const [field, column] of Object.entries(request.mapping)) values[field] = data[column] ?? "";
          last = { line, values };
          if (line > request.skipThrough) rows.push(last);
        }
        parser.pause();
        const fraction = request.file.size > 0 ? Math.min(1, results.meta.cursor / request.file.size) : 1;
        onBatch({ rows, last, fraction }).then(
          () => (aborted ? parser.abort() : parser.resume()),
          (error: unknown) => {
            aborted = true;
            parser.abort();
            reject(error);
          },
        );
      },
      complete() {
        if (!aborted) resolve(last);
      },
      error(error) {
        reject(error);
      },
    });
  });
  return {
    done,
    abort: () => {
      aborted = true;
      parserRef?.abort();
    },
  };
}
