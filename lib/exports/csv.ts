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

const PAPA_OPTIONS = { header: false, newline: "\r\n", escapeFormulae: FORMULA_PREFIX };

/**
 * Text papaparse would change: a quote, comma, line break or BOM anywhere, a possible
 * formula first, or a space at either end. Anything else it writes as it is.
 */
const NEEDS_PAPA = /^[=+\-@\t\r ]|[",\r\n\uFEFF]| $/;

/** One cell exactly as papaparse writes it; papaparse itself handles every cell that needs quoting. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  return NEEDS_PAPA.test(value) ? Papa.unparse([[value]], PAPA_OPTIONS) : value;
}

/** Rows as CSV lines (RFC 4180, CRLF), quoting by papaparse. */
export function csvLines<R>(columns: CsvColumn<R>[], rows: R[], header: boolean): string {
  const values = columns.map((c) => c.value);
  const n = values.length;
  let text = header && n > 0 ? columns.map((c) => csvCell(c.label)).join(",") + "\r\n" : "";
  if (n === 0) return text;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    let line = csvCell(values[0](row));
    for (let i = 1; i < n; i++) line += "," + csvCell(values[i](row));
    text += line + "\r\n";
  }
  return text;
}

function headerLine<R>(columns: CsvColumn<R>[], options: CsvOptions): string {
  return (options.bom ? "\uFEFF" : "") + columns.map((c) => csvCell(c.label)).join(",") + "\r\n";
}

/**
 * The header, then data lines written elsewhere (by the database) as bytes, pulled one
 * chunk at a time; cancelling ends the source.
 */
export function csvByteStream<R>(
  columns: CsvColumn<R>[],
  lines: AsyncGenerator<Uint8Array>,
  options: CsvOptions = {},
): ReadableStream<Uint8Array> {
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(new TextEncoder().encode(headerLine(columns, options)));
        return;
      }
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
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
        controller.enqueue(encoder.encode(headerLine(columns, options)));
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
