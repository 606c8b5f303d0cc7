import type { ExportMeta, ExportRow } from "./types";
import { columnHeader, plainValue } from "./columns";

function rowObject(meta: ExportMeta, row: ExportRow): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const c of meta.columns) out[c.key] = plainValue(row[c.key] ?? null, meta.range.timezone);
  return out;
}

/**
 * A JSON document written as it is read: metadata first, then the rows one by one, then
 * the row count. Memory holds one batch at a time.
 */
export function jsonStream(meta: ExportMeta, batches: AsyncIterable<ExportRow[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let started = false;
  let count = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        const head = {
          report: { name: meta.reportName, description: meta.description },
          workspace: { name: meta.workspace.name, slug: meta.workspace.slug, timezone: meta.workspace.timezone },
          range: meta.range,
          filters: meta.filters,
          generatedAt: meta.generatedAt.toISOString(),
          limit: meta.limit,
          notices: meta.notices,
          columns: meta.columns.map((c) => ({
            key: c.key,
            label: c.label,
            header: columnHeader(c),
            type: c.type,
            format: c.format,
            ...(c.unit ? { unit: c.unit } : {}),
          })),
        };
        controller.enqueue(encoder.encode(`${JSON.stringify(head).slice(0, -1)},"rows":[`));
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        controller.enqueue(encoder.encode(`],"rowCount":${count}}\n`));
        controller.close();
        return;
      }
      const parts = next.value.map((r) => JSON.stringify(rowObject(meta, r)));
      const text = (count > 0 && parts.length > 0 ? "," : "") + parts.join(",");
      count += parts.length;
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** Newline-delimited JSON: one row object per line, nothing else. */
export function ndjsonStream(meta: ExportMeta, batches: AsyncIterable<ExportRow[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map((r) => `${JSON.stringify(rowObject(meta, r))}\n`).join("")));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
