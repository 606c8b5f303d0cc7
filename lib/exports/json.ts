import type { ExportMeta, ExportRow } from "./types";
import { columnHeader } from "./columns";
import { isoFormatter } from "./instant-text";

/**
 * Row objects as JSON text, written by hand: the same text as JSON.stringify of
 * { key: plainValue(…) } per row, without building an object per row.
 */
function rowWriter(meta: ExportMeta): (row: ExportRow) => string {
  const iso = isoFormatter(meta.range.timezone);
  const keys = meta.columns.map((c) => c.key);
  const names = keys.map((k, i) => (i === 0 ? "{" : ",") + JSON.stringify(k) + ":");
  const value = (v: ExportRow[string] | undefined): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? JSON.stringify(iso(v)) : `"${iso(v)}"`;
    return JSON.stringify(v);
  };
  return (row) => {
    let text = "";
    for (let i = 0; i < keys.length; i++) text += names[i] + value(row[keys[i]]);
    return keys.length > 0 ? text + "}" : "{}";
  };
}

/**
 * A JSON document written as it is read: metadata first, then the rows one by one, then
 * the row count. Memory holds one batch at a time.
 */
export function jsonStream(meta: ExportMeta, batches: AsyncIterable<ExportRow[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  const rowJson = rowWriter(meta);
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
      const parts = next.value.map(rowJson);
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
  const rowJson = rowWriter(meta);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map((r) => `${rowJson(r)}\n`).join("")));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
