import type { Stream } from "node:stream";
import ExcelJS from "exceljs";
import { isValidTimeZone, offsetAt } from "../time/zone";
import type { ReportValue } from "../reports/engine";
import { ooxmlText, xmlSafe } from "./ooxml-text";
import {
  columnLetter,
  DEFAULT_ACCENT,
  estimateWidths,
  FORMAT,
  localClock,
  planColumn,
  type ColumnPlan,
} from "./xlsx-cells";
import {
  detach,
  placeDrawing,
  rowWriter,
  sheetEntry,
  sheetInternals,
  sheetWriter,
  watchSink,
  workbookInternals,
  writeChartPart,
  type DrawingItem,
  type Picture,
} from "./xlsx-exceljs";
import { dataSheetBinding, drawableChart, writeChartDataSheet } from "./xlsx-chart-data";
import { chartXml } from "./xlsx-chart";
import type { ChartSeriesResult } from "../reports/types";
import type { Logo } from "../pdf/logo";
import type { ExportMeta, ProgressCallback, WriteResult } from "./types";
import { TOTAL_KIND_TEXT } from "../reports/totals-text";
import { formatInteger } from "../format/numbers";
import { xlsxNumberFormats } from "../format/xlsx";

/** Excel's row limit (1,048,576) minus the header row. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

export interface XlsxOptions {
  onProgress?: ProgressCallback;
  /** Data rows per sheet before the rows continue on "Data 2", "Data 3", … */
  maxRowsPerSheet?: number;
  /**
   * The report's chart as the engine computes it for the PDF (chartSeries): drawn as a
   * native Excel chart on the Summary sheet, bound to the workbook's cells.
   */
  chart?: ChartSeriesResult;
  /** The workspace logo, placed at the top of the Summary sheet. */
  logo?: Logo;
}

/**
 * Writes a report as an .xlsx workbook through exceljs's streaming writer: a Summary
 * sheet, then the rows on "Data", "Data 2", … (a new sheet every `maxRowsPerSheet` rows,
 * so results beyond Excel's row limit are split, never cut). Rows are committed as they
 * arrive and the sink's backpressure is awaited between batches, so memory stays flat.
 * Rows come as streamReportValues gives them: arrays in the order of meta.columns,
 * instants as epoch ms.
 *
 * On failure the promise rejects and the sink is left as it is (not ended) for the caller
 * to destroy: a truncated workbook must not look like a finished download.
 */
export async function writeXlsx(
  meta: ExportMeta,
  batches: AsyncIterable<ReportValue[][]>,
  sink: NodeJS.WritableStream,
  options: XlsxOptions = {},
): Promise<WriteResult> {
  const requested = options.maxRowsPerSheet ?? XLSX_MAX_DATA_ROWS;
  const maxRows = Number.isFinite(requested)
    ? Math.max(1, Math.min(XLSX_MAX_DATA_ROWS, Math.floor(requested)))
    : XLSX_MAX_DATA_ROWS;
  const timeZone = isValidTimeZone(meta.workspace.timezone) ? meta.workspace.timezone : "UTC";
  const accent = accentColor(meta.workspace.brandColor);
  const guard = watchSink(sink);

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    // exceljs only pipes into it; its typings ask for a Stream where any writable works.
    stream: sink as unknown as Stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "Chartroom";
  // Document properties are plain XML: Excel reads no `_xHHHH_` escapes there.
  workbook.title = xmlSafe(meta.reportName);
  workbook.created = meta.generatedAt;
  workbook.modified = meta.generatedAt;

  try {
    const chart = drawableChart(meta, options.chart);
    const charted = writeSummary(workbook, meta, { timeZone, accent, maxRows, chart, logo: options.logo });

    const local = localClock(timeZone);
    const formats = xlsxNumberFormats(meta.workspace.locale);
    const plans = meta.columns.map((c) => planColumn(c, local, formats));
    const binding = chart && charted ? dataSheetBinding(meta, chart, plans, maxRows, formats) : null;
    const headerFill = tint(accent, 0.18);
    let widths: number[] | null = null;
    let sheet: ExcelJS.Worksheet | null = null;
    let sheetNumber = 0;
    let sheetRows = 0;
    let rows = 0;

    const openSheet = (): ExcelJS.Worksheet => {
      sheetNumber += 1;
      const next = workbook.addWorksheet(dataSheetName(sheetNumber), {
        views: [{ state: "frozen", xSplit: 0, ySplit: 1, topLeftCell: "A2", activeCell: "A2" }],
        properties: { tabColor: { argb: `FF${accent}` } },
      });
      next.columns = (widths ?? plans.map((p) => p.baseWidth)).map((width) => ({ width }));
      const header = next.addRow(plans.map((p) => ooxmlText(p.header)));
      header.height = 20;
      header.eachCell((cell) => {
        cell.font = { bold: true };
        cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: `FF${headerFill}` } };
        cell.border = { bottom: { style: "thin", color: { argb: `FF${accent}` } } };
        cell.alignment = { vertical: "middle" };
      });
      header.commit();
      sheetRows = 0;
      return next;
    };

    // Made after the first header, so style ids come out in the order exceljs gives them.
    let rowXml: ReturnType<typeof rowWriter> | undefined;
    let pending = "";
    const flush = () => {
      if (pending && sheet) sheetWriter(sheet)?.stream.write(pending);
      pending = "";
    };
    for await (const batch of batches) {
      guard.check();
      if (!widths && batch.length > 0) widths = estimateWidths(plans, batch);
      for (const record of batch) {
        if (!sheet || sheetRows >= maxRows) {
          flush();
          if (sheet) finishDataSheet(sheet, plans.length, sheetRows);
          sheet = openSheet();
        }
        if (rowXml === undefined) rowXml = rowWriter(workbook, plans);
        const writer = rowXml ? sheetWriter(sheet) : null;
        // Row 1 is the header; exceljs has written it and opened <sheetData>.
        if (rowXml && writer) pending += rowXml(record, sheetRows + 2);
        else writeDataRow(sheet, plans, record);
        binding?.observe(record, rows);
        sheetRows += 1;
        rows += 1;
      }
      flush();
      if (batch.length > 0) options.onProgress?.(rows);
      await guard.settle(sheet ? sheetEntry(sheet) : null);
    }

    sheet ??= openSheet();
    finishDataSheet(sheet, plans.length, sheetRows);
    const book = workbookInternals(workbook);
    if (chart && charted && book) {
      const native = binding?.chart(rows) ?? writeChartDataSheet(workbook, meta, chart, timeZone, formats);
      writeChartPart(book, CHART_PART, chartXml(native));
    }
    await guard.until(workbook.commit());
    guard.check();
    return { rows };
  } catch (error) {
    detach(workbook, sink);
    throw error;
  } finally {
    guard.dispose();
  }
}

function dataSheetName(n: number): string {
  return n === 1 ? "Data" : `Data ${n}`;
}

function writeDataRow(sheet: ExcelJS.Worksheet, plans: ColumnPlan[], record: ReportValue[]): void {
  const row = sheet.addRow([]);
  for (let i = 0; i < plans.length; i++) {
    const raw = record[i];
    if (raw === null || raw === undefined) continue;
    const value = plans[i].convert(raw);
    if (value === null) continue;
    const cell = row.getCell(i + 1);
    // Strings are always written as text values: data never becomes a formula cell.
    // exceljs writes a Date from its UTC fields: a Date whose UTC fields are the wall time.
    cell.value = typeof value === "string" ? ooxmlText(value) : plans[i].date ? new Date(value) : value;
    const numFmt = plans[i].numFmt;
    if (numFmt && typeof value !== "string") cell.numFmt = numFmt;
  }
  row.commit();
}

function finishDataSheet(sheet: ExcelJS.Worksheet, columnCount: number, dataRows: number): void {
  if (columnCount > 0) {
    // The filter covers all rows, as Excel sets it itself; rows are known only now.
    sheet.autoFilter = `A1:${columnLetter(columnCount)}${dataRows + 1}`;
  }
  sheet.commit();
}

// ---------------------------------------------------------------------------------------
// Columns

interface SummaryContext {
  timeZone: string;
  accent: string;
  maxRows: number;
  chart: ChartSeriesResult | null;
  logo?: Logo;
}

const CHART_PART = "chart1";

/** Logo height on the Summary sheet, in pixels; its row is as tall. */
const LOGO_HEIGHT_PX = 40;

/** Writes the Summary sheet; true when it placed the chart (whose part is still to be written). */
function writeSummary(workbook: ExcelJS.stream.xlsx.WorkbookWriter, meta: ExportMeta, ctx: SummaryContext): boolean {
  const sheet = workbook.addWorksheet("Summary", {
    properties: { tabColor: { argb: `FF${ctx.accent}` } },
    // One page wide when printed, so the chart beside the wide text column is not cut in two.
    pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [{ width: 30 }, { width: 80 }, { width: 30 }];
  const accent = { argb: `FF${ctx.accent}` };
  const book = workbookInternals(workbook);
  const ws = sheetInternals(sheet);
  const items: DrawingItem[] = [];
  const place = (image: Buffer, extension: "png" | "jpeg", picture: Omit<Picture, "mediaName" | "kind">) => {
    // exceljs's typings declare their own Buffer (an ArrayBuffer); a Node Buffer is what it uses.
    const imageId = workbook.addImage({ buffer: image as unknown as ExcelJS.Image["buffer"], extension });
    items.push({ ...picture, kind: "picture", mediaName: book!.media[imageId].name });
  };

  if (ctx.logo && book && ws) {
    const logoRow = sheet.addRow([]);
    // Row heights are in points (3/4 of a pixel).
    logoRow.height = (LOGO_HEIGHT_PX + 8) * 0.75;
    logoRow.commit();
    const width = Math.round(Math.min(320, (ctx.logo.width / ctx.logo.height) * LOGO_HEIGHT_PX));
    place(ctx.logo.data, ctx.logo.format === "jpg" ? "jpeg" : "png", {
      name: "Logo",
      row0: logoRow.number - 1,
      widthPx: width,
      heightPx: LOGO_HEIGHT_PX,
    });
  }

  const title = sheet.addRow([ooxmlText(meta.reportName)]);
  title.height = 26;
  title.getCell(1).font = { bold: true, size: 16, color: accent };
  title.commit();
  if (meta.description) {
    const description = sheet.addRow([ooxmlText(meta.description)]);
    description.getCell(1).font = { italic: true, color: { argb: "FF555555" } };
    description.commit();
  }
  sheet.addRow([]).commit();

  const field = (label: string, values: (string | number)[], numFmt?: string) => {
    (values.length > 0 ? values : ["None"]).forEach((value, i) => {
      const row = sheet.addRow([i === 0 ? label : null, typeof value === "string" ? ooxmlText(value) : value]);
      if (i === 0) row.getCell(1).font = { bold: true, color: accent };
      row.getCell(1).alignment = { vertical: "top" };
      if (numFmt && typeof value === "number") row.getCell(2).numFmt = numFmt;
      row.commit();
    });
  };

  const known = meta.totalRows === null ? null : Math.min(meta.totalRows, meta.limit);
  field("Workspace", [meta.workspace.name]);
  field("Time range", [`${meta.range.from} – ${meta.range.to} (${meta.range.timezone})`]);
  field("Filters", meta.filters);
  field("Generated at", [describeInstant(meta.generatedAt, ctx.timeZone)]);
  field("Time zone", [`${ctx.timeZone} (times in the data sheets are local wall-clock times)`]);
  field("Rows", [known ?? "see data sheet(s)"], FORMAT.integer);
  field(
    "Notices",
    meta.notices.map((n) => n.message),
  );
  field("Data sheets", [dataSheetList(known, meta.limit, ctx.maxRows)]);
  if (meta.totals) writeTotals(sheet, meta, ctx.timeZone, accent);

  let charted = false;
  if (ctx.chart && book && ws) {
    if (ctx.chart.notes.length > 0) field("Chart", ctx.chart.notes);
    const spacer = sheet.addRow([]);
    spacer.commit();
    // The anchor row is 0-based: the row after the spacer. About as wide as the three columns.
    items.push({ kind: "chart", name: "Chart", part: CHART_PART, row0: spacer.number, widthPx: 980, heightPx: 420 });
    charted = true;
  }
  if (book && ws && items.length > 0) placeDrawing(book, ws, items);
  sheet.commit();
  return charted;
}

/**
 * The engine's grand totals, one row each: label, value in the column's number format,
 * and what the value is ("unique over the range"), never a formula over the data sheets.
 */
function writeTotals(sheet: ExcelJS.Worksheet, meta: ExportMeta, timeZone: string, accent: { argb: string }): void {
  const totals = meta.totals!;
  sheet.addRow([]).commit();
  const heading = sheet.addRow(["Totals", "Over everything the time range and filters select, not only these rows"]);
  heading.getCell(1).font = { bold: true, color: accent };
  heading.getCell(2).font = { italic: true, color: { argb: "FF555555" } };
  heading.commit();
  const local = localClock(timeZone);
  const lines = totals.measures.flatMap((m) => {
    const column = meta.columns.find((c) => c.key === m.key);
    return column ? [{ column, total: m }] : [];
  });
  if (lines.length === 0) {
    const row = sheet.addRow(["Rows", totals.rows, TOTAL_KIND_TEXT.rows]);
    row.getCell(2).numFmt = FORMAT.integer;
    row.commit();
    return;
  }
  for (const { column, total } of lines) {
    const plan = planColumn(column, local);
    const value = total.value === null ? null : plan.convert(total.value);
    const row = sheet.addRow([ooxmlText(plan.header), value, TOTAL_KIND_TEXT[total.kind]]);
    if (plan.numFmt && typeof value === "number") row.getCell(2).numFmt = plan.numFmt;
    // Next to its label, not at the far edge of the wide text column.
    row.getCell(2).alignment = { horizontal: "left" };
    row.commit();
  }
}

function dataSheetList(known: number | null, limit: number, maxRows: number): string {
  if (known !== null || limit <= maxRows) {
    const sheets = Math.max(1, Math.ceil((known ?? 0) / maxRows));
    return Array.from({ length: sheets }, (_, i) => dataSheetName(i + 1)).join(", ");
  }
  return `Data, Data 2, … (a new sheet every ${formatInteger(maxRows)} rows)`;
}

/** "2026-03-09 10:15:00 (UTC-04:00, America/New_York)" */
function describeInstant(instant: Date, timeZone: string): string {
  const ms = instant.getTime();
  const offset = offsetAt(timeZone, ms);
  const wall = new Date(ms + offset).toISOString().slice(0, 19).replace("T", " ");
  const abs = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${wall} (UTC${offset < 0 ? "-" : "+"}${hh}:${mm}, ${timeZone})`;
}

function accentColor(brandColor: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(brandColor.trim());
  return m ? m[1].toUpperCase() : DEFAULT_ACCENT;
}

/** The colour mixed with white: `amount` 0 is white, 1 the colour itself. */
function tint(rgb: string, amount: number): string {
  return [0, 2, 4]
    .map((i) => {
      const c = parseInt(rgb.slice(i, i + 2), 16);
      return Math.round(255 - (255 - c) * amount)
        .toString(16)
        .padStart(2, "0");
    })
    .join("")
    .toUpperCase();
}
