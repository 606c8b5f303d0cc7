import type { ChunkRow } from "@/components/hooks/import-queries";
import { CHUNK_ROWS } from "@/lib/imports/schemas";

// The server reads a JSON body of up to 1,000,000 characters: wide rows make a chunk smaller
// than CHUNK_ROWS. The margin covers the envelope around the rows.
const CHUNK_CHARS = 800_000;

/** A row's share of the request body: its JSON text, escapes included, and the comma after it. */
function rowChars(row: ChunkRow): number {
  return JSON.stringify(row).length + 1;
}

/** How many rows from the front of the buffer make one chunk; at least one while any are left. */
export function chunkLength(buffer: ChunkRow[]): number {
  let chars = 0;
  for (let i = 0; i < Math.min(buffer.length, CHUNK_ROWS); i++) {
    chars += rowChars(buffer[i]);
    if (chars > CHUNK_CHARS) return Math.max(1, i);
  }
  return Math.min(buffer.length, CHUNK_ROWS);
}
