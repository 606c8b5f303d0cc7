import type { ReportValue } from "../reports/engine";
import type { ExportMeta } from "./types";
import { columnHeader } from "./columns";
import { isoFormatterMs } from "./instant-text";

/**
 * Rows (streamReportValues's arrays: column order, instants as epoch ms) as JSON objects,
 * written by hand: the same text as JSON.stringify of { key: value } per row, instants
 * as ISO 8601 in the report's zone, without building an object or a Date per row.
 */
function rowWriter(meta: ExportMeta): (row: ReportValue[]) => string {
  const iso = isoFormatterMs(meta.range.timezone);
  const names = meta.columns.map((c, i) => (i === 0 ? "{" : ",") + JSON.stringify(c.key) + ":");
  // The columns streamReportValues gives as epoch ms.
  const instant = meta.columns.map((c) => c.type === "datetime" && c.kind !== "bucket");
  const value = (v: ReportValue | undefined, isInstant: boolean): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return "null";
      // ISO text has nothing JSON escapes.
      return isInstant ? `"${iso(v)}"` : String(v);
    }
    return JSON.stringify(v);
  };
  return (row) => {
    let text = "";
    for (let i = 0; i < names.length; i++) text += names[i] + value(row[i], instant[i]);
    return names.length > 0 ? text + "}" : "{}";
  };
}

/**
 * A JSON document written as it is read: metadata first, then the rows one by one, then
 * the row count. Memory holds one batch at a time.
 */
export function jsonStream(meta: ExportMeta, batches: AsyncIterable<ReportValue[][]>): ReadableStream<Uint8Array> {
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
          // The engine's grand totals over the whole range and filters, not sums of the rows below.
          ...(meta.totals ? { totals: meta.totals } : {}),
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
export function ndjsonStream(meta: ExportMeta, batches: AsyncIterable<ReportValue[][]>): ReadableStream<Uint8Array> {
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
