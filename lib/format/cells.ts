// Report values by column, the same for the preview, the builder's chart, the PDF and
// e-mail. Columns say what a number is (integer, percent, currency, duration in ms).
import { formatDuration } from "./durations";
import {
  EMPTY_CELL,
  formatCompact,
  formatDecimal,
  formatFixed,
  formatInteger,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
} from "./numbers";
import {
  formatWallDate,
  formatWallDateTime,
  formatWallHour,
  formatWallShortDay,
  formatWallHourMinute,
  parseLocal,
  wallClock,
} from "./dates";
import { stepDecimals } from "./ticks";

export type CellInput = string | number | Date | null | undefined;
/** What a column says about its values (a report's OutputColumn fits). */
export interface Formattable {
  /** "string" | "integer" | "number" | "datetime" | "date" | "hour" */
  type: string;
  /** "integer" | "percent" | "currency" | "duration" | "datetime" | … */
  format: string;
  unit?: string;
}

export function isNumericColumn(c: Pick<Formattable, "type">): boolean {
  return c.type === "integer" || c.type === "number";
}

export function isTemporalColumn(c: Pick<Formattable, "type">): boolean {
  return c.type === "date" || c.type === "hour" || c.type === "datetime";
}

const isMs = (c: Formattable) => c.unit === "ms" || c.unit === undefined;

/** A number in a column: "1,234", "92.3%", "$1,234.50", "1.5 h". */
export function formatNumberCell(value: number, column: Formattable, locale?: string): string {
  if (!Number.isFinite(value)) return EMPTY_CELL;
  switch (column.format) {
    case "integer":
      return formatInteger(value, locale);
    case "percent":
      return formatPercent(value, locale);
    case "currency":
      return formatMoney(value, locale);
    case "duration":
      return isMs(column) ? formatDuration(value, locale) : formatDecimal(value, locale);
    default:
      return column.type === "integer" ? formatInteger(value, locale) : formatDecimal(value, locale);
  }
}

/** A date, hour or instant as wall-clock milliseconds in the zone; NaN for anything else. */
export function temporalMs(value: CellInput, column: Pick<Formattable, "type" | "format">, timeZone: string): number {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? Number.NaN : wallClock(value, timeZone);
  if (typeof value !== "string") return Number.NaN;
  if (column.type === "datetime" || column.format === "datetime") {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? Number.NaN : wallClock(parsed, timeZone);
  }
  return parseLocal(value);
}

/** A table cell as people read it; datetimes in the workspace's zone. */
export function formatCell(value: CellInput, column: Formattable, timeZone: string, locale?: string): string {
  if (value === null || value === undefined || value === "") return EMPTY_CELL;
  if (typeof value === "number") return formatNumberCell(value, column, locale);
  const text = value instanceof Date ? "" : value;
  if (!isTemporalColumn(column) && column.format !== "datetime") return text;
  const ms = temporalMs(value, column, timeZone);
  if (Number.isNaN(ms)) return value instanceof Date ? EMPTY_CELL : text;
  if (column.type === "date") return formatWallDate(ms, locale);
  if (column.type === "hour") return formatWallHour(ms, locale);
  return formatWallDateTime(ms, locale);
}

/** A category label on a chart axis or legend: shorter dates than in the table. */
export function formatCategory(value: CellInput, column: Formattable, timeZone: string, locale?: string): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "number") return formatNumberCell(value, column, locale);
  if (!isTemporalColumn(column)) return String(value);
  const ms = temporalMs(value, column, timeZone);
  if (Number.isNaN(ms)) return String(value);
  if (column.type === "date") return formatWallShortDay(ms, locale);
  return `${formatWallShortDay(ms, locale)} ${formatWallHourMinute(ms, locale)}`;
}

/** A value-axis tick: abbreviated (1.2K), percent as %, with as many decimals as the tick step needs. */
export function formatAxisNumber(
  value: number,
  column: Formattable | undefined,
  step: number,
  locale?: string,
): string {
  if (!Number.isFinite(value)) return EMPTY_CELL;
  const digits = stepDecimals(step);
  switch (column?.format) {
    case "percent":
      return formatPercent(value, locale, stepDecimals(step * 100));
    case "currency":
      return formatMoneyCompact(value, locale, digits);
    case "duration":
      return column && isMs(column) ? formatDuration(value, locale) : formatCompact(value, locale);
    default:
      return Math.abs(value) >= 1000 ? formatCompact(value, locale) : formatFixed(value, locale, digits);
  }
}
