import { headerWithUnit } from "../format/units";
import { xlsxNumberFormats, type XlsxNumberFormats } from "../format/xlsx";
import type { OutputColumn } from "../reports/types";
import type { ReportValue } from "../reports/engine";
import { offsetLookup } from "../time/zone";

// How report values become spreadsheet cells: number formats, dates as Excel serials in
// the workspace's wall-clock time, text cut to Excel's limits, column widths.

// Cell conventions, so a spreadsheet can compute with every value:
// - numbers are numeric cells; percents stay fractions (0.913) shown as 91.3%;
// - numbers keep the unit they have in CSV and JSON (durations in ms, money in USD, ratios),
//   and the header names it the same way: "Latency (ms)", "Revenue (USD)";
// - number formats come from the workspace locale (where the currency symbol goes);
// - instants are shown in the workspace's zone: Excel has no zones, so the cell holds
//   the local wall-clock time;
// Formats of the default locale, for the summary sheet's plain counts.
export const FORMAT = xlsxNumberFormats();

/** Excel refuses longer cell text. */
const MAX_CELL_TEXT = 32_767;
/** Serial dates before 1900-03-01 are off by Excel's 1900 leap-year bug; Excel ends at 9999. */
const EXCEL_MIN_MS = Date.UTC(1900, 2, 1);
const EXCEL_END_MS = Date.UTC(10000, 0, 1);
export const DEFAULT_ACCENT = "2563EB";

/**
 * A converted value. In a plan with `date`, a number is the wall-clock time as epoch ms
 * (no Date per cell: exports write millions of them); elsewhere numbers are numbers.
 */
type CellData = string | number;

export interface ColumnPlan {
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
export function excelSerial(wallMs: number): number {
  return 25569 + wallMs / 86_400_000;
}

export function planColumn(column: OutputColumn, local: LocalClock, formats: XlsxNumberFormats = FORMAT): ColumnPlan {
  const text: ColumnPlan = {
    header: column.label,
    baseWidth: 12,
    measure: (v) => (typeof v === "string" ? textWidth(v) : 10),
    convert: toText,
  };
  switch (column.type) {
    case "datetime":
      return {
        ...text,
        numFmt: formats.datetime,
        date: true,
        baseWidth: 20,
        measure: () => 19,
        convert: (v) => toDateTime(v, local),
      };
    case "date":
      return {
        ...text,
        numFmt: formats.date,
        date: true,
        baseWidth: 12,
        measure: () => 10,
        convert: (v) => toCalendar(v, local, false),
      };
    case "hour":
      return {
        ...text,
        numFmt: formats.hour,
        date: true,
        baseWidth: 17,
        measure: () => 16,
        convert: (v) => toCalendar(v, local, true),
      };
    case "integer":
    case "number":
      return numericPlan(column, { ...text, header: headerWithUnit(column) }, formats);
    case "string":
      return text;
  }
}

function numericPlan(column: OutputColumn, text: ColumnPlan, formats: XlsxNumberFormats): ColumnPlan {
  /** `extra`: characters the format adds to the integer digits ("$", ".00", "%", " s"). */
  /** `shown`: how many shown units one stored unit is (percent: 100). */
  const numeric = (numFmt: string, baseWidth: number, extra: number, shown = 1): ColumnPlan => ({
    ...text,
    numFmt,
    baseWidth,
    measure: (v) => (typeof v === "number" ? groupedDigits(v * shown) + extra : textWidth(String(v))),
    convert: (v) => {
      const n = toNumber(v);
      if (n === null) return toText(v);
      return Number.isFinite(n) ? n : null;
    },
  });
  const integer = () => numeric(formats.integer, 12, 0);
  const decimal = () => numeric(formats.number, 14, 5);
  switch (column.format) {
    case "percent":
      return numeric(formats.percent, 10, 3, 100);
    case "currency":
      return column.unit === "USD" ? numeric(formats.money, 14, 5) : numeric(formats.amount, 14, 3);
    case "duration":
      return column.unit === "ms" ? numeric(formats.milliseconds, 14, 3) : decimal();
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
export function estimateWidths(plans: ColumnPlan[], sample: ReportValue[][]): number[] {
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
      w +=
        cp >= 0x1100 &&
        (cp <= 0x115f ||
          (cp >= 0x2e80 && cp <= 0xa4cf) ||
          (cp >= 0xac00 && cp <= 0xd7a3) ||
          (cp >= 0xf900 && cp <= 0xfaff) ||
          (cp >= 0xfe30 && cp <= 0xfe4f) ||
          (cp >= 0xff00 && cp <= 0xff60) ||
          (cp >= 0xffe0 && cp <= 0xffe6) ||
          cp >= 0x1f000)
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

export function localClock(timeZone: string): LocalClock {
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

export function columnLetter(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}
