import { describe, expect, it } from "vitest";
import type { ChunkRow } from "@/components/hooks/import-queries";
import { CHUNK_ROWS } from "@/lib/imports/schemas";
import { chunkLength } from "./chunks";

// What the server accepts (lib/api/handler.ts reads at most this many characters of JSON).
const MAX_BODY_CHARS = 1_000_000;

const row = (line: number, values: Record<string, string>): ChunkRow => ({ line, values });
const rows = (count: number, values: Record<string, string>) =>
  Array.from({ length: count }, (_, i) => row(i + 2, values));
const bodyChars = (chunk: ChunkRow[]) => JSON.stringify({ rows: chunk, final: false }).length;

/** Splits the whole buffer as the upload does and returns the chunks. */
function split(buffer: ChunkRow[]): ChunkRow[][] {
  const chunks: ChunkRow[][] = [];
  let rest = buffer;
  while (rest.length > 0) {
    const size = chunkLength(rest);
    chunks.push(rest.slice(0, size));
    rest = rest.slice(size);
  }
  return chunks;
}

describe("chunkLength", () => {
  it("takes up to CHUNK_ROWS narrow rows", () => {
    const narrow = { eventType: "signup", plan: "pro", country: "DE" };
    expect(chunkLength([])).toBe(0);
    expect(chunkLength(rows(10, narrow))).toBe(10);
    expect(chunkLength(rows(CHUNK_ROWS * 2 + 5, narrow))).toBe(CHUNK_ROWS);
  });

  it("takes fewer wide rows, so the body stays under the server's limit", () => {
    const wide = rows(40, { title: "x".repeat(100_000) });
    const size = chunkLength(wide);
    expect(size).toBeGreaterThan(1);
    expect(size).toBeLessThan(10);
    expect(bodyChars(wide.slice(0, size))).toBeLessThanOrEqual(MAX_BODY_CHARS);
  });

  it("counts the escapes JSON adds to quotes, backslashes and control characters", () => {
    for (const text of ['"'.repeat(150_000), "\\".repeat(150_000), "\u0001".repeat(50_000)]) {
      const buffer = rows(20, { title: text });
      for (const chunk of split(buffer)) expect(bodyChars(chunk)).toBeLessThanOrEqual(MAX_BODY_CHARS);
    }
  });

  it("sends a row larger than any chunk on its own, and splits every row into exactly one chunk", () => {
    const buffer = [
      row(2, { title: "a" }),
      row(3, { title: "b".repeat(900_000) }),
      ...rows(3000, { title: "c".repeat(200) }),
    ];
    expect(chunkLength(buffer.slice(1))).toBe(1);
    const chunks = split(buffer);
    expect(chunks.flat()).toEqual(buffer);
    expect(chunks.every((chunk) => chunk.length >= 1 && chunk.length <= CHUNK_ROWS)).toBe(true);
  });
});
