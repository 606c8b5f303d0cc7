import type { LocalPeriod } from "../analytics/local-time";
import type { Row } from "../db/connection";
import { toDate } from "../db/sql";
import { amount } from "./amounts";
import type { OutputColumn } from "./types";

/** A row as exports read it: instants as Dates, numbers as numbers. */
export type ReportRow = Record<string, string | number | Date | null>;

// How the engine turns database values into cells: one case per column type, picked once per column.

function cell(
  column: OutputColumn,
  value: unknown,
  period?: LocalPeriod,
  cents = false,
): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (cents) return amount(value);
  if (column.kind === "bucket" && period) return period.label(value);
  switch (column.type) {
    case "datetime":
      return toDate(value);
    case "integer":
      return Math.round(Number(value));
    case "number":
      // Drops binary noise (0.1 + 0.2) without losing real precision.
      return Number(Number(value).toPrecision(15));
    default:
      return String(value);
  }
}

/**
 * True when toPrecision(15) would give the number back unchanged, checked without making
 * a string: whole numbers and amounts in cents below 1e13 have at most 15 digits, and a
 * double that equals c / 100 is the one nearest to that decimal.
 */
function fewDigits(v: number): boolean {
  if (Number.isInteger(v)) return Math.abs(v) < 1e15;
  const cents = Math.round(v * 100);
  return cents / 100 === v && Math.abs(cents) < 1e15;
}

/** cell for one column, with the column's case picked once rather than per value. */
export function cellConverter(
  column: OutputColumn,
  period?: LocalPeriod,
  cents = false,
): (value: unknown) => string | number | Date | null {
  if (cents) return amount;
  if (column.kind === "bucket" && period) return (v) => (v === null || v === undefined ? null : period.label(v));
  switch (column.type) {
    case "datetime":
      return (v) => (typeof v === "number" ? new Date(v) : toDate(v));
    case "number":
      return (v) => (typeof v === "number" && fewDigits(v) ? v : cell(column, v, period));
    default:
      return (v) => cell(column, v, period);
  }
}

export function normalise(
  columns: OutputColumn[],
  row: Row,
  period: LocalPeriod | undefined,
  cents: Set<string>,
): ReportRow {
  const out: ReportRow = {};
  for (const c of columns) out[c.key] = cell(c, row[c.key], period, cents.has(c.key));
  return out;
}
