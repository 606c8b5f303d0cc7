import { fromCents, hasAtMostDecimals, toCents } from "../money/cents";
import type { CheckedReport } from "./check";
import { measureKey } from "./definition";

// Money fields are stored in cents (catalog `cents`); these turn them into amounts on the
// way out and turn amounts into cents on the way in.

/** A filter amount as whole cents, when it is one the integer column can be compared with directly. */
export function wholeCents(value: unknown): number | null {
  if (typeof value !== "number" || !hasAtMostDecimals(value, 2)) return null;
  const cents = toCents(value);
  return Number.isSafeInteger(cents) ? cents : null;
}

/**
 * Output columns whose database values are cents: money fields and their sums, minimums,
 * maximums, averages and percentiles (not their distinct counts).
 */
export function centsColumns(report: CheckedReport): Set<string> {
  const cents = (key: string) => report.dataset.fields.find((f) => f.key === key)?.cents === true;
  const keys = new Set<string>();
  for (const c of report.columns) {
    if (c.kind === "field" && cents(c.key)) keys.add(c.key);
    if (c.kind !== "measure") continue;
    const m = report.definition.measures.find((x) => measureKey(x) === c.key);
    if (m?.field && m.fn !== "count" && m.fn !== "count_distinct" && cents(m.field)) keys.add(c.key);
  }
  return keys;
}

/** An amount from the database's cents: exact for whole cents, to 15 digits for averages and percentiles. */
export function amount(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const cents = Number(value);
  return Number.isInteger(cents) ? fromCents(cents) : Number((cents / 100).toPrecision(15));
}
