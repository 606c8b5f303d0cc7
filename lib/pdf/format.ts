// How values read in PDFs. Mirrors the report preview's formatting (en-US, datetimes in
// the workspace's zone) with full precision for currency, since a PDF is a record.
import type { OutputColumn } from "../reports/types";
import { offsetLookup } from "../time/zone";
import { pdfText } from "./text-metrics";

export type CellInput = string | number | Date | null | undefined;
type Formattable = Pick<OutputColumn, "type" | "format" | "unit">;

export const EMPTY_CELL = "\u2014";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const upToOneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const percent1 = new Intl.NumberFormat("en-US", {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const usdCompact = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  maximumFractionDigits: 1,
});
// Wall-clock formatters: instants are shifted into the workspace's zone first, which is
// much cheaper per cell than an Intl formatter with a timeZone.
const wallDateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const wallDate = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const wallShortDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const wallMonth = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const wallYear = new Intl.DateTimeFormat("en-US", { year: "numeric", timeZone: "UTC" });
const wallHourMinute = new Intl.DateTimeFormat("en-US", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOUR_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/;

/** 850 → "850 ms", 1234 → "1.2 s", 204000 → "3.4 min", 5400000 → "1.5 h", 2 days → "2 d". */
export function formatDurationMs(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${integer.format(ms)} ms`;
  if (abs < 60_000) return `${upToOneDecimal.format(ms / 1000)} s`;
  if (abs < 3_600_000) return `${upToOneDecimal.format(ms / 60_000)} min`;
  if (abs < 172_800_000) return `${upToOneDecimal.format(ms / 3_600_000)} h`;
  return `${upToOneDecimal.format(ms / 86_400_000)} d`;
}

/** An instant as wall-clock milliseconds in the zone (for UTC formatters and chart axes). */
export function wallClock(date: Date, timeZone: string): number {
  const t = date.getTime();
  return t + offsetLookup(timeZone)(t);
}

/** "YYYY-MM-DD" or "YYYY-MM-DD HH:00" as wall-clock milliseconds; NaN when it is neither. */
export function parseLocal(value: string): number {
  const hour = HOUR_RE.exec(value);
  if (hour) return Date.UTC(+hour[1], +hour[2] - 1, +hour[3], +hour[4], +hour[5]);
  const day = DATE_RE.exec(value);
  if (day) return Date.UTC(+day[1], +day[2] - 1, +day[3]);
  return Number.NaN;
}

function clean(text: string): string {
  return pdfText(text);
}

export function isNumericColumn(c: Pick<OutputColumn, "type">): boolean {
  return c.type === "integer" || c.type === "number";
}

export function isTemporalColumn(c: Pick<OutputColumn, "type">): boolean {
  return c.type === "date" || c.type === "hour" || c.type === "datetime";
}

export function formatNumber(value: number, column: Formattable): string {
  if (!Number.isFinite(value)) return EMPTY_CELL;
  switch (column.format) {
    case "integer":
      return integer.format(value);
    case "percent":
      return percent1.format(value);
    case "currency":
      return usd.format(value);
    case "duration":
      return column.unit === "ms" || column.unit === undefined ? formatDurationMs(value) : decimal.format(value);
    default:
      return column.type === "integer" ? integer.format(value) : decimal.format(value);
  }
}

/** A table cell as people read it; already safe for the standard fonts. */
export function formatCell(value: CellInput, column: Formattable, timeZone: string): string {
  if (value === null || value === undefined || value === "") return EMPTY_CELL;
  if (typeof value === "number") return clean(formatNumber(value, column));
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return EMPTY_CELL;
    return clean(wallDateTime.format(wallClock(value, timeZone)));
  }
  if (column.type === "datetime") {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? clean(value) : clean(wallDateTime.format(wallClock(new Date(ms), timeZone)));
  }
  if (column.type === "date") {
    const ms = parseLocal(value);
    return Number.isNaN(ms) ? clean(value) : clean(wallDate.format(ms));
  }
  if (column.type === "hour") {
    const ms = parseLocal(value);
    return Number.isNaN(ms) ? clean(value) : clean(`${wallDate.format(ms)} ${wallHourMinute.format(ms)}`);
  }
  return clean(value);
}

/** A date, hour or instant as wall-clock milliseconds in the zone; NaN for anything else. */
export function temporalMs(value: CellInput, column: Pick<OutputColumn, "type">, timeZone: string): number {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? Number.NaN : wallClock(value, timeZone);
  if (typeof value !== "string") return Number.NaN;
  if (column.type === "datetime") {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? Number.NaN : wallClock(new Date(parsed), timeZone);
  }
  return parseLocal(value);
}

/** A category label on a chart axis or legend: shorter dates than in the table. */
export function formatCategory(value: CellInput, column: Formattable, timeZone: string): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "number") return clean(formatNumber(value, column));
  if (!isTemporalColumn(column)) return clean(String(value));
  const ms = temporalMs(value, column, timeZone);
  if (Number.isNaN(ms)) return clean(String(value));
  if (column.type === "date") return clean(wallShortDay.format(ms));
  return clean(`${wallShortDay.format(ms)} ${wallHourMinute.format(ms)}`);
}

/** A time-axis tick (wall-clock ms) at a spacing of `stepMs` between ticks. */
export function formatTimeTick(ms: number, stepMs: number): string {
  if (stepMs < 86_400_000) return clean(`${wallShortDay.format(ms)} ${wallHourMinute.format(ms)}`);
  if (stepMs < 28 * 86_400_000) return clean(wallShortDay.format(ms));
  if (stepMs < 365 * 86_400_000) return clean(wallMonth.format(ms));
  return clean(wallYear.format(ms));
}

function fixedDigits(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  return Math.min(4, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}

/** A value-axis tick: abbreviated (1.2K, 3.4M), percent as %, with as many decimals as the tick step needs. */
export function formatAxisNumber(value: number, column: Formattable, step: number): string {
  switch (column.format) {
    case "percent": {
      const digits = fixedDigits(step * 100);
      return clean(`${(value * 100).toFixed(digits)}%`);
    }
    case "currency":
      return clean(
        Math.abs(value) >= 1000 ? usdCompact.format(value) : `$${value.toFixed(fixedDigits(step))}`.replace("$-", "-$"),
      );
    case "duration":
      return clean(column.unit === "ms" || column.unit === undefined ? formatDurationMs(value) : compact.format(value));
    default:
      return clean(Math.abs(value) >= 1000 ? compact.format(value) : value.toFixed(fixedDigits(step)));
  }
}

/** "Mar 3, 2025" for a local YYYY-MM-DD; the input when it is not one. */
export function formatLocalDate(isoDate: string): string {
  const ms = parseLocal(isoDate);
  return clean(Number.isNaN(ms) ? isoDate : wallDate.format(ms));
}

/** "Mar 3, 2025, 2:05 PM UTC-05:00": local time in the zone with its offset. */
export function formatGeneratedAt(date: Date, timeZone: string): string {
  const t = date.getTime();
  const offset = offsetLookup(timeZone)(t);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return clean(`${wallDateTime.format(t + offset)} UTC${sign}${hh}:${mm}`);
}

export function formatCount(n: number): string {
  return integer.format(n);
}
