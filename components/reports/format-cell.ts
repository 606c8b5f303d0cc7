import { formatDateTime, formatDay, formatInteger, formatPercent } from "@/components/dashboard/format";
import type { CellValue, OutputColumn } from "@/lib/reports/types";

const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const usdCompact = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  notation: "compact",
  maximumFractionDigits: 1,
});
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const upToOneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const shortDateTimes = new Map<string, Intl.DateTimeFormat>();

export const EMPTY_CELL = "—";

/** 850 → "850 ms", 1234 → "1.2 s", 180000 → "3 min", 5400000 → "1.5 h". */
export function formatDurationMs(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${formatInteger(ms)} ms`;
  if (abs < 60_000) return `${upToOneDecimal.format(ms / 1000)} s`;
  if (abs < 3_600_000) return `${upToOneDecimal.format(ms / 60_000)} min`;
  return `${upToOneDecimal.format(ms / 3_600_000)} h`;
}

type Formattable = Pick<OutputColumn, "type" | "format" | "unit">;

function formatNumber(value: number, column: Formattable): string {
  switch (column.format) {
    case "integer":
      return formatInteger(value);
    case "percent":
      return formatPercent(value);
    case "currency":
      return usd.format(value);
    case "duration":
      return column.unit === "ms" || column.unit === undefined ? formatDurationMs(value) : decimal.format(value);
    default:
      return column.type === "integer" ? formatInteger(value) : decimal.format(value);
  }
}

/** A preview cell as people read it; datetimes in the workspace's zone. */
export function formatCell(value: CellValue | undefined, column: Formattable, timeZone: string): string {
  if (value === null || value === undefined || value === "") return EMPTY_CELL;
  if (typeof value === "number") return formatNumber(value, column);
  if (column.type === "datetime" || column.format === "datetime") {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : formatDateTime(value, timeZone);
  }
  return value;
}

/** Shorter labels for chart axes. */
export function formatAxisValue(value: unknown, column: Formattable | undefined, timeZone: string): string {
  if (typeof value === "number") {
    if (!column) return compact.format(value);
    switch (column.format) {
      case "percent":
        return formatPercent(value, 0);
      case "currency":
        return usdCompact.format(value);
      case "duration":
        return formatDurationMs(value);
      default:
        return compact.format(value);
    }
  }
  if (typeof value !== "string") return String(value ?? "");
  if (column?.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value);
  if (column?.type === "datetime") {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return value;
    let f = shortDateTimes.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "numeric", timeZone });
      shortDateTimes.set(timeZone, f);
    }
    return f.format(new Date(ms));
  }
  return value;
}
