import "server-only";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { PDF_CHART_ROW_CAP, renderReportPdf, type ComparedPeriod, type PdfTemplate } from "../pdf/render-report";
import type { ReportValue } from "../reports/engine";
import type { ChartSeriesResult } from "../reports/types";
import { columnHeader } from "./columns";
import { csvByteStream, csvStream, type CsvColumn } from "./csv";
import { isoFormatterMs } from "./instant-text";
import { jsonStream, ndjsonStream } from "./json";
import { parquetStream } from "./parquet";
import { inlineLogo, readLogo } from "./logo-store";
import type { ExportFormat, ExportMeta, ExportRow } from "./types";
import { writeXlsx } from "./xlsx";

/** The report's rows, read once in whichever shape the format writes from. */
export interface RowSource {
  /** Rows as objects with Dates (the PDF draws from these). */
  rows(): AsyncGenerator<ExportRow[]>;
  /** Arrays in column order, instants as epoch ms: no object or Date per row. */
  values(): AsyncGenerator<ReportValue[][]>;
  /** The same report over the previous period, for the comparison PDF. */
  previous?: () => Promise<ComparedPeriod>;
  /**
   * The CSV's data lines as bytes, written by the database exactly as csvStream writes
   * them; null when that path cannot write this report.
   */
  csvLines?: () => AsyncGenerator<Uint8Array> | null;
  /** The report's chart as the engine computes it for the PDF (chartSeries), for the workbook's chart. */
  chart?: () => Promise<ChartSeriesResult>;
}

export interface WriteOptions {
  /** CSV only: a UTF-8 byte order mark for Excel. */
  bom?: boolean;
  /** PDF only. */
  template?: PdfTemplate;
}

/** CSV columns over streamReportValues's arrays (instants as epoch ms). */
export function csvColumnsFor(meta: ExportMeta): CsvColumn<ReportValue[]>[] {
  const iso = isoFormatterMs(meta.range.timezone);
  return meta.columns.map((c, i) => ({
    label: columnHeader(c),
    value:
      c.type === "datetime" && c.kind !== "bucket"
        ? (row) => {
            const value = row[i];
            return typeof value === "number" ? iso(value) : value;
          }
        : (row) => row[i],
  }));
}

/**
 * The one place a format is chosen: rows → the bytes of one file. Streamed formats read
 * their rows as the stream is read; a PDF is laid out before the first byte, so its
 * errors surface here rather than halfway through a download.
 */
export async function exportBody(
  format: ExportFormat,
  meta: ExportMeta,
  source: RowSource,
  options: WriteOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  switch (format) {
    case "csv": {
      const lines = source.csvLines?.();
      const csvOptions = { bom: options.bom === true };
      return lines
        ? csvByteStream(csvColumnsFor(meta), lines, csvOptions)
        : csvStream(csvColumnsFor(meta), source.values(), csvOptions);
    }
    case "json":
      return jsonStream(meta, source.values());
    case "ndjson":
      return ndjsonStream(meta, source.values());
    case "xlsx":
      return xlsxStream(meta, source);
    case "parquet":
      return parquetStream(meta, source.values());
    case "pdf":
      return Readable.toWeb(
        Readable.from(await pdfFile(meta, source.rows(), options.template, source.previous)),
      ) as ReadableStream<Uint8Array>;
  }
}

/** Writes one export file into `sink` and ends it; rejects (sink destroyed) when anything fails. */
export async function writeExport(
  format: ExportFormat,
  meta: ExportMeta,
  source: RowSource,
  sink: NodeJS.WritableStream,
  options: WriteOptions = {},
): Promise<void> {
  const body = await exportBody(format, meta, source, options);
  await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), sink);
}

function xlsxStream(meta: ExportMeta, source: RowSource): ReadableStream<Uint8Array> {
  const sink = new PassThrough();
  // A failed write (or a reader that went away) ends the stream with the error, so a
  // cut-off file never looks complete.
  Promise.all([readLogo(meta.workspace.logoUrl), meta.chart.type === "none" ? undefined : source.chart?.()])
    .then(([logo, chart]) => writeXlsx(meta, source.values(), sink, { logo: logo ?? undefined, chart }))
    .then(
      () => sink.end(),
      (error: unknown) => sink.destroy(error as Error),
    );
  return Readable.toWeb(sink) as ReadableStream<Uint8Array>;
}

/** The first `cap` rows; leaving the loop early closes the database cursor. */
export async function firstRows(rows: AsyncIterable<ExportRow[]>, cap: number): Promise<ExportRow[]> {
  const out: ExportRow[] = [];
  for await (const batch of rows) {
    out.push(...batch.slice(0, cap - out.length));
    if (out.length >= cap) break;
  }
  return out;
}

/**
 * PDFs list at most PDF_TABLE_ROW_CAP rows and chart up to PDF_CHART_ROW_CAP; the document
 * itself says when it stops short.
 * The comparison template also reads the previous period, through `loadPrevious`.
 */
export async function pdfFile(
  meta: ExportMeta,
  rows: AsyncIterable<ExportRow[]>,
  template: PdfTemplate = "detailed",
  loadPrevious?: () => Promise<ComparedPeriod>,
): Promise<NodeJS.ReadableStream> {
  // The table shows PDF_TABLE_ROW_CAP rows; the charts are drawn from the whole result.
  const current = await firstRows(rows, PDF_CHART_ROW_CAP);
  if (template === "comparison" && !loadPrevious) throw new Error("A comparison PDF needs its previous period.");
  const previous = template === "comparison" && loadPrevious ? await loadPrevious() : undefined;
  return renderReportPdf({ ...meta, workspace: await inlineLogo(meta.workspace) }, current, { template, previous });
}
