import type { Stream } from "node:stream";
import ExcelJS from "exceljs";
import type { OutputColumn } from "../reports/types";
import { failureGate } from "../failure-gate";
import { isValidTimeZone, offsetAt, offsetLookup } from "../time/zone";
import type { ReportValue } from "../reports/engine";
import { ooxmlText, xmlSafe } from "./ooxml-text";
import type { ExportMeta, ProgressCallback, WriteResult } from "./types";

/** Excel's row limit (1,048,576) minus the header row. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

export interface XlsxOptions {
  onProgress?: ProgressCallback;
  /** Data rows per sheet before the rows continue on "Data 2", "Data 3", … */
  maxRowsPerSheet?: number;
  /** PNG of the report chart, placed on the Summary sheet. */
  chartImage?: Buffer;
}

// Cell conventions, so a spreadsheet can compute with every value:
// - numbers are numeric cells; percents stay fractions (0.913) shown as 91.3%;
// - durations in ms become seconds (a number) shown as "1.234 s", header "<label> (s)":
//   seconds read naturally and sum, average and chart like any other number;
// - instants are shown in the workspace's zone: Excel has no zones, so the cell holds
//   the local wall-clock time;
// - "#,##0.0###" rather than "#,##0.####", which Excel shows as "5." for whole numbers.
const FORMAT = {
  integer: "#,##0",
  number: "#,##0.0###",
  percent: "0.0%",
  usd: '"$"#,##0.00',
  amount: "#,##0.00",
  seconds: '#,##0.000" s"',
  datetime: "yyyy-mm-dd hh:mm:ss",
  date: "yyyy-mm-dd",
  hour: "yyyy-mm-dd hh:mm",
} as const;

/** Excel refuses longer cell text. */
const MAX_CELL_TEXT = 32_767;
/** Serial dates before 1900-03-01 are off by Excel's 1900 leap-year bug; Excel ends at 9999. */
const EXCEL_MIN_MS = Date.UTC(1900, 2, 1);
const EXCEL_END_MS = Date.UTC(10000, 0, 1);
const DEFAULT_ACCENT = "2563EB";

/**
 * A converted value. In a plan with `date`, a number is the wall-clock time as epoch ms
 * (no Date per cell: exports write millions of them); elsewhere numbers are numbers.
 */
type CellData = string | number;

interface ColumnPlan {
  header: string;
  numFmt?: string;
  /** Numbers from `convert` are wall-clock instants (epoch ms), written as date cells. */
  date?: boolean;
  /** Width in characters from the header and the format alone. */
  baseWidth: number;
  /** Room for the longest value seen: text, or a number's digits once formatted. */
  measure: (value: CellData) => number;
  convert: (value: string | number | Date) => CellData | null;
}

/** Epoch ms of a wall-clock time → Excel's serial day number (1900 date system). */
function excelSerial(wallMs: number): number {
  return 25569 + wallMs / 86_400_000;
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
  const maxRows = Number.isFinite(requested) ? Math.max(1, Math.min(XLSX_MAX_DATA_ROWS, Math.floor(requested))) : XLSX_MAX_DATA_ROWS;
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
    writeSummary(workbook, meta, { timeZone, accent, maxRows, chartImage: options.chartImage });

    const local = localClock(timeZone);
    const plans = meta.columns.map((c) => planColumn(c, local));
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
        sheetRows += 1;
        rows += 1;
      }
      flush();
      if (batch.length > 0) options.onProgress?.(rows);
      await guard.settle(sheet ? sheetEntry(sheet) : null);
    }

    sheet ??= openSheet();
    finishDataSheet(sheet, plans.length, sheetRows);
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

interface SheetWriterInternals {
  stream: { write(chunk: string): unknown };
  startedData: boolean;
  _rowZero: number;
  _rows: unknown[] | null;
}

interface StylesInternals {
  addStyleModel(model: { numFmt: string }, cellType: number): number;
}

/**
 * exceljs's writer builds a Row and a Cell model per value and renders them through its
 * XML stream: most of an export's time, and garbage that outlives young-generation GC.
 * Data rows are plain, so they are rendered here instead, as exceljs renders them (same
 * elements, attributes and date serials; text as inline strings, see inlineText),
 * straight into the sheet's stream once exceljs has written the header row. Null when the
 * internals this needs are missing; rows then go through exceljs.
 */
function sheetWriter(sheet: ExcelJS.Worksheet): SheetWriterInternals | null {
  const s = sheet as unknown as Partial<SheetWriterInternals>;
  return s.startedData === true && typeof s.stream?.write === "function" && Array.isArray(s._rows) && s._rows.length === 0
    ? (s as SheetWriterInternals)
    : null;
}

const VALUE_TYPE_NUMBER = 2;
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/;

/** exceljs's xmlEncode: the five entities (text has been through ooxmlText, so no control characters are left). */
function xmlText(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) out += "&quot;";
    else if (c === 38) out += "&amp;";
    else if (c === 39) out += "&apos;";
    else if (c === 60) out += "&lt;";
    else if (c === 62) out += "&gt;";
    else if (c === 127 || (c <= 31 && (c <= 8 || (c >= 11 && c !== 13)))) continue;
    else out += text[i];
  }
  return out;
}

/**
 * A data cell's text as an inline string. Excel decodes `_xHHHH_` in every cell text, but
 * LibreOffice only in <t> elements (not in the <v> of exceljs's "str" cells), so data
 * cells use <is><t>: CR and literal `_xHHHH_` read back as written in both.
 */
function inlineText(value: string): string {
  const text = xmlText(ooxmlText(value));
  return /^\s|\s$/.test(text) ? `<is><t xml:space="preserve">${text}</t></is>` : `<is><t>${text}</t></is>`;
}

function rowWriter(workbook: ExcelJS.stream.xlsx.WorkbookWriter, plans: ColumnPlan[]): ((record: ReportValue[], rowNumber: number) => string) | null {
  const styles = (workbook as unknown as { styles?: Partial<StylesInternals> }).styles;
  if (typeof styles?.addStyleModel !== "function") return null;
  const addStyle = styles.addStyleModel.bind(styles);
  const columns = plans.map((p, i) => ({
    convert: p.convert,
    date: p.date === true,
    letter: columnLetter(i + 1),
    // exceljs's style id for a cell carrying only this number format.
    style: p.numFmt ? ` s="${addStyle({ numFmt: p.numFmt }, VALUE_TYPE_NUMBER)}"` : "",
  }));
  return (record, n) => {
    let cells = "";
    let min = 0;
    let max = 0;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      const raw = record[i];
      if (raw === null || raw === undefined) continue;
      const value = c.convert(raw);
      if (value === null) continue;
      if (min === 0) min = i + 1;
      max = i + 1;
      // Strings are always written as text values: data never becomes a formula cell.
      if (typeof value === "string") cells += `<c r="${c.letter}${n}" t="inlineStr">${inlineText(value)}</c>`;
      else {
        cells += `<c r="${c.letter}${n}"${c.style}><v>${c.date ? excelSerial(value) : value}</v></c>`;
      }
    }
    return min === 0 ? "" : `<row r="${n}" spans="${min}:${max}" x14ac:dyDescent="0.25">${cells}</row>`;
  };
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

function columnLetter(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

// ---------------------------------------------------------------------------------------
// Columns

function planColumn(column: OutputColumn, local: LocalClock): ColumnPlan {
  const text: ColumnPlan = {
    header: column.label,
    baseWidth: 12,
    measure: (v) => (typeof v === "string" ? textWidth(v) : 10),
    convert: toText,
  };
  switch (column.type) {
    case "datetime":
      return { ...text, numFmt: FORMAT.datetime, date: true, baseWidth: 20, measure: () => 19, convert: (v) => toDateTime(v, local) };
    case "date":
      return { ...text, numFmt: FORMAT.date, date: true, baseWidth: 12, measure: () => 10, convert: (v) => toCalendar(v, local, false) };
    case "hour":
      return { ...text, numFmt: FORMAT.hour, date: true, baseWidth: 17, measure: () => 16, convert: (v) => toCalendar(v, local, true) };
    case "integer":
    case "number":
      return numericPlan(column, text);
    case "string":
      return text;
  }
}

function numericPlan(column: OutputColumn, text: ColumnPlan): ColumnPlan {
  /** `extra`: characters the format adds to the integer digits ("$", ".00", "%", " s"). */
  /** `divisor`: stored units per shown unit (1,000 ms per second); dividing keeps 1234 ms at exactly 1.234. */
  const numeric = (numFmt: string, baseWidth: number, extra: number, divisor = 1, shown = 1): ColumnPlan => ({
    ...text,
    numFmt,
    baseWidth,
    measure: (v) => (typeof v === "number" ? groupedDigits(v * shown) + extra : textWidth(String(v))),
    convert: (v) => {
      const n = toNumber(v);
      if (n === null) return toText(v);
      return Number.isFinite(n) ? n / divisor : null;
    },
  });
  const integer = () => numeric(FORMAT.integer, 12, 0);
  const decimal = () => numeric(FORMAT.number, 14, 5);
  switch (column.format) {
    case "percent":
      return numeric(FORMAT.percent, 10, 3, 1, 100);
    case "currency":
      return column.unit === "USD" ? numeric(FORMAT.usd, 14, 4) : numeric(FORMAT.amount, 14, 3);
    case "duration":
      return column.unit === "ms" ? { ...numeric(FORMAT.seconds, 14, 6, 1000), header: `${column.label} (s)` } : decimal();
    case "integer":
      return integer();
    case "number":
      return decimal();
    default:
      return column.type === "integer" ? integer() : decimal();
  }
}

/** Width of a number's integer part with thousands separators and sign (percents: ×100). */
function groupedDigits(n: number): number {
  const digits = Math.max(1, Math.floor(Math.log10(Math.max(1, Math.abs(n)))) + 1);
  return digits + Math.floor((digits - 1) / 3) + (n < 0 ? 1 : 0);
}

/**
 * Widths from the header, the format and the first batch (later rows are never seen
 * before the columns are written). Headers get room for the filter button.
 */
function estimateWidths(plans: ColumnPlan[], sample: ReportValue[][]): number[] {
  return plans.map((p, i) => {
    let longest = 0;
    for (const record of sample) {
      const raw = record[i];
      if (raw === null || raw === undefined) continue;
      const value = p.convert(raw);
      if (value !== null) longest = Math.max(longest, p.measure(value));
    }
    const header = textWidth(p.header) + 4;
    const width = p.numFmt ? Math.max(p.baseWidth, header, longest + 2) : Math.max(12, header, longest + 2);
    return Math.min(p.numFmt ? 30 : 40, width);
  });
}

/** Display width in characters: East Asian wide characters and emoji take two. */
function textWidth(s: string): number {
  let widest = 0;
  for (const line of s.split("\n")) {
    let w = 0;
    for (const ch of line) {
      const cp = ch.codePointAt(0) ?? 0;
      w += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
        (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x1f000)
        ? 2
        : 1;
    }
    widest = Math.max(widest, w);
  }
  return widest;
}

// ---------------------------------------------------------------------------------------
// Values

function toText(value: string | number | Date): string {
  const s = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : String(value);
  if (s.length <= MAX_CELL_TEXT) return s;
  // Never cut between the two halves of a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(s[MAX_CELL_TEXT - 2]) ? MAX_CELL_TEXT - 2 : MAX_CELL_TEXT - 1;
  return `${s.slice(0, end)}…`;
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

function toNumber(value: string | number | Date): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "string" && NUMERIC.test(value)) return Number(value);
  return null;
}

/** Instant (epoch ms) → the same wall-clock time in the zone, as epoch ms. */
type LocalClock = (instantMs: number) => number;

function localClock(timeZone: string): LocalClock {
  const offset = offsetLookup(timeZone);
  return (ms) => ms + offset(ms);
}

/** A wall-clock time Excel can show as a date, else the value as text. */
function wallDate(localMs: number, value: string | number | Date): CellData {
  return localMs >= EXCEL_MIN_MS && localMs < EXCEL_END_MS ? localMs : toText(value);
}

function toDateTime(value: string | number | Date, local: LocalClock): CellData | null {
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  if (Number.isNaN(ms)) return value instanceof Date ? null : toText(value);
  return wallDate(local(ms), value);
}

const CALENDAR = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;

/** "YYYY-MM-DD" or "YYYY-MM-DD HH:00" (local already) → a date cell; anything else stays text. */
function toCalendar(value: string | number | Date, local: LocalClock, withHour: boolean): CellData | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const wall = local(value.getTime());
    const unit = withHour ? 3_600_000 : 86_400_000;
    return wallDate(wall - (((wall % unit) + unit) % unit), value);
  }
  if (typeof value !== "string") return toText(value);
  const m = CALENDAR.exec(value);
  if (!m || (m[4] !== undefined && !withHour)) return toText(value);
  const [y, mo, d, h, mi] = [+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0)];
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return toText(value);
  return wallDate(ms, value);
}

// ---------------------------------------------------------------------------------------
// Summary

interface SummaryContext {
  timeZone: string;
  accent: string;
  maxRows: number;
  chartImage?: Buffer;
}

function writeSummary(workbook: ExcelJS.stream.xlsx.WorkbookWriter, meta: ExportMeta, ctx: SummaryContext): void {
  const sheet = workbook.addWorksheet("Summary", { properties: { tabColor: { argb: `FF${ctx.accent}` } } });
  sheet.columns = [{ width: 18 }, { width: 80 }];
  const accent = { argb: `FF${ctx.accent}` };

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
  field("Notices", meta.notices.map((n) => n.message));
  field("Data sheets", [dataSheetList(known, meta.limit, ctx.maxRows)]);

  if (ctx.chartImage) {
    const size = pngSize(ctx.chartImage);
    const book = workbookInternals(workbook);
    const ws = sheetInternals(sheet);
    if (!size) field("Chart", ["not included: the image is not a PNG"]);
    else if (!book || !ws) field("Chart", ["not included: this exceljs version cannot place images"]);
    else {
      const spacer = sheet.addRow([]);
      spacer.commit();
      // exceljs's typings declare their own Buffer (an ArrayBuffer); a Node Buffer is what it uses.
      const buffer = ctx.chartImage as unknown as ExcelJS.Image["buffer"];
      const imageId = workbook.addImage({ buffer, extension: "png" });
      const scale = Math.min(1, 720 / size.width);
      // The anchor row is 0-based: the row after the spacer.
      placeImage(book, ws, book.media[imageId].name, spacer.number, Math.round(size.width * scale), Math.round(size.height * scale));
    }
  }
  sheet.commit();
}

function dataSheetList(known: number | null, limit: number, maxRows: number): string {
  if (known !== null || limit <= maxRows) {
    const sheets = Math.max(1, Math.ceil((known ?? 0) / maxRows));
    return Array.from({ length: sheets }, (_, i) => dataSheetName(i + 1)).join(", ");
  }
  return `Data, Data 2, … (a new sheet every ${maxRows.toLocaleString("en-US")} rows)`;
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

function pngSize(buffer: Buffer): { width: number; height: number } | null {
  const signature = "89504e470d0a1a0a";
  if (buffer.length < 24 || buffer.subarray(0, 8).toString("hex") !== signature) return null;
  if (buffer.subarray(12, 16).toString("latin1") !== "IHDR") return null;
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  return width > 0 && height > 0 ? { width, height } : null;
}

// ---------------------------------------------------------------------------------------
// Chart image
//
// exceljs 4.4's streaming WorksheetWriter has no addImage (exceljs issues #322, #1709,
// #2918): workbook.addImage stores the PNG, but nothing places it on a sheet. The pieces
// a picture needs are written here instead: a drawing part and its relationships, the
// sheet's relationship to the drawing, the <drawing> element, and its content type.

interface ZipInternals {
  append(source: string | Buffer, data: { name: string }): unknown;
  unpipe?(destination?: NodeJS.WritableStream): unknown;
}

interface WorkbookInternals {
  zip: ZipInternals;
  media: { name: string }[];
}

interface SheetInternals {
  stream: { write(chunk: string): unknown };
  _sheetRelsWriter: { addRelationship(rel: { Type: string; Target: string }): string };
  _writeLegacyData: () => void;
}

function workbookInternals(workbook: ExcelJS.stream.xlsx.WorkbookWriter): WorkbookInternals | null {
  const w = workbook as unknown as Partial<WorkbookInternals>;
  return w.zip && typeof w.zip.append === "function" && Array.isArray(w.media) ? (w as WorkbookInternals) : null;
}

function sheetInternals(sheet: ExcelJS.Worksheet): SheetInternals | null {
  const s = sheet as unknown as Partial<SheetInternals>;
  return s.stream && typeof s._writeLegacyData === "function" && typeof s._sheetRelsWriter?.addRelationship === "function"
    ? (s as SheetInternals)
    : null;
}

const DRAWING_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
const IMAGE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
const DRAWING_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml";
const EMU_PER_PIXEL = 9525;

function placeImage(
  book: WorkbookInternals,
  ws: SheetInternals,
  mediaName: string,
  row0: number,
  widthPx: number,
  heightPx: number,
): void {
  const name = "drawing1";
  const cx = widthPx * EMU_PER_PIXEL;
  const cy = heightPx * EMU_PER_PIXEL;
  book.zip.append(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ' +
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      "<xdr:oneCellAnchor>" +
      `<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row0}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
      `<xdr:ext cx="${cx}" cy="${cy}"/>` +
      '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Chart"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>' +
      '<xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>' +
      `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>` +
      "</xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>",
    { name: `xl/drawings/${name}.xml` },
  );
  book.zip.append(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${IMAGE_TYPE}" Target="../media/${mediaName}"/>` +
      "</Relationships>",
    { name: `xl/drawings/_rels/${name}.xml.rels` },
  );

  const rId = ws._sheetRelsWriter.addRelationship({ Type: DRAWING_TYPE, Target: `../drawings/${name}.xml` });
  // <drawing> belongs after the row breaks and before <legacyDrawing> in a worksheet.
  const writeLegacyData = ws._writeLegacyData.bind(ws);
  ws._writeLegacyData = () => {
    ws.stream.write(`<drawing r:id="${rId}"/>`);
    writeLegacyData();
  };

  // The streaming writer lists no drawings in [Content_Types].xml; Excel rejects a drawing
  // part without its content type.
  const append = book.zip.append.bind(book.zip);
  book.zip.append = (source, data) =>
    append(
      data.name === "[Content_Types].xml" && typeof source === "string"
        ? source.replace("</Types>", `<Override PartName="/xl/drawings/${name}.xml" ContentType="${DRAWING_CONTENT_TYPE}"/></Types>`)
        : source,
      data,
    );
}

/** After a failure: no more bytes go to the sink, which the caller then destroys. */
function detach(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sink: NodeJS.WritableStream): void {
  workbookInternals(workbook)?.zip.unpipe?.(sink);
}

// ---------------------------------------------------------------------------------------
// Sink

interface SinkGuard {
  /** `promise`, unless the sink errors or closes before the workbook is complete: then that error. */
  until<T>(promise: Promise<T>): Promise<T>;
  check(): void;
  /**
   * Waits for 'drain' when the sink or the sheet's zip entry asks for it, and lets
   * compression catch up.
   */
  settle(entry?: NodeJS.WritableStream | null): Promise<void>;
  dispose(): void;
}

interface SheetStreamInternals {
  stream?: { pipes?: NodeJS.WritableStream[] };
}

/**
 * The stream exceljs writes a sheet's XML into pipes, without backpressure, into the zip
 * entry's input: when rows are written faster than zlib compresses them, that input
 * buffers the uncompressed XML (hundreds of MB for a million rows). Its fill level is
 * the backpressure exceljs ignores.
 */
function sheetEntry(sheet: ExcelJS.Worksheet): NodeJS.WritableStream | null {
  const pipes = (sheet as unknown as SheetStreamInternals).stream?.pipes;
  return Array.isArray(pipes) && pipes.length === 1 ? pipes[0] : null;
}

/** The zip entry input is a readable-stream v2 PassThrough, which predates writableNeedDrain. */
function needsDrain(stream: NodeJS.WritableStream): boolean {
  const s = stream as NodeJS.WritableStream & { writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } };
  return (s.writableNeedDrain ?? s._writableState?.needDrain) === true;
}

function watchSink(sink: NodeJS.WritableStream): SinkGuard {
  const writable = sink as NodeJS.WritableStream & { writableFinished?: boolean };
  const gate = failureGate();
  const onError = (error: unknown) => gate.fail(error instanceof Error ? error : new Error(String(error)));
  const onClose = () => {
    if (!writable.writableFinished) gate.fail(new Error("The output stream closed before the workbook was complete"));
  };
  sink.on("error", onError);
  sink.on("close", onClose);

  const check = () => {
    if (gate.failure) throw gate.failure;
  };
  return {
    until: (promise) => gate.until(promise),
    check,
    async settle(entry) {
      check();
      for (const stream of entry ? [entry, sink] : [sink]) {
        if (!needsDrain(stream)) continue;
        let onDrain = () => {};
        const drained = new Promise<void>((resolve) => {
          onDrain = resolve;
          stream.once("drain", onDrain);
        });
        try {
          await gate.until(drained);
        } finally {
          stream.removeListener("drain", onDrain);
        }
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      check();
    },
    dispose() {
      sink.removeListener("error", onError);
      sink.removeListener("close", onClose);
    },
  };
}
