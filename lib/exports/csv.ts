import Papa from "papaparse";

export interface CsvColumn<R> {
  label: string;
  value: (row: R) => string | number | null;
}

/**
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
 * leading apostrophe; plain numbers, negative ones included, are left as they are.
 */
export const FORMULA_PREFIX = /^(?![-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$)[=+\-@\t\r]/;

export interface CsvOptions {
  /** UTF-8 byte order mark, so Excel detects the encoding. */
  bom?: boolean;
}

/** Rows as CSV lines (RFC 4180, CRLF), quoting by papaparse. */
export function csvLines<R>(columns: CsvColumn<R>[], rows: R[], header: boolean): string {
  const text = Papa.unparse(
    { fields: columns.map((c) => c.label), data: rows.map((r) => columns.map((c) => c.value(r) ?? "")) },
    { header, newline: "\r\n", escapeFormulae: FORMULA_PREFIX },
  );
  return text.length > 0 ? text + "\r\n" : "";
}

/**
 * A byte stream that pulls one batch of rows at a time: the file is never held in memory,
 * a slow client slows the database reads, and a closed connection stops the query.
 */
export function csvStream<R>(
  columns: CsvColumn<R>[],
  batches: AsyncIterable<R[]>,
  options: CsvOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        const header = Papa.unparse([columns.map((c) => c.label)], { newline: "\r\n", escapeFormulae: FORMULA_PREFIX });
        controller.enqueue(encoder.encode((options.bom ? "\uFEFF" : "") + header + "\r\n"));
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(csvLines(columns, next.value, false)));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
