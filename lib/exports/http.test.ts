import { createRequire } from "node:module";
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportResponse } from "./http";
import { CONTENT_TYPE, EXPORT_FORMATS, type ExportFormat } from "./types";

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
// The compression step `next start` runs in front of every route answer.
const compress = (createRequire(import.meta.url)("next/dist/compiled/compression") as () => Middleware)();
const BODY = "a,b,c\r\n".repeat(20_000);

let server: ReturnType<typeof createServer>;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const format = new URL(req.url ?? "/", "http://x").searchParams.get("format") as ExportFormat;
    const answer = exportResponse({
      format,
      fileName: `file.${format}`,
      contentType: CONTENT_TYPE[format],
      body: new Response(BODY).body!,
    });
    compress(req, res, () => {
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>).pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function download(format: ExportFormat): Promise<{ headers: IncomingMessage["headers"]; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, path: `/?format=${format}`, headers: { "accept-encoding": "gzip" } }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ headers: res.headers, bytes }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("compression of downloads, per format", () => {
  it("CSV, NDJSON, XLSX, PDF and Parquet go out as written even to a client that accepts gzip; JSON is gzipped", async () => {
    const seen: Record<string, { cacheControl?: string; encoding?: string; bytes: number }> = {};
    for (const format of EXPORT_FORMATS) {
      const { headers, bytes } = await download(format);
      seen[format] = { cacheControl: headers["cache-control"], encoding: headers["content-encoding"], bytes };
    }
    const asWritten = { cacheControl: "no-store, no-transform", encoding: undefined, bytes: BODY.length };
    expect(seen).toEqual({
      csv: asWritten,
      ndjson: asWritten,
      xlsx: asWritten,
      pdf: asWritten,
      parquet: asWritten,
      json: { cacheControl: "no-store", encoding: "gzip", bytes: expect.any(Number) },
    });
    expect(seen.json.bytes).toBeLessThan(BODY.length / 10);
  });
});
