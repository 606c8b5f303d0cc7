// Calendar-day arithmetic on YYYY-MM-DD strings. Everything goes through Date.UTC so the
// browser's own time zone and DST never shift a day.

export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMs(isoDay: string): number {
  const [y, m, d] = isoDay.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A real calendar date. Years before 1970 are rejected because a date input reports
 * "0002-…", "0020-…" while the year is still being typed.
 */
export function isValidDay(value: string): boolean {
  const match = ISO_DAY.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  if (year < 1970) return false;
  return fromUtcMs(toUtcMs(value)) === value;
}

export function addDays(isoDay: string, days: number): string {
  return fromUtcMs(toUtcMs(isoDay) + days * DAY_MS);
}

/** The `days`-day range ending on (and including) `to`. */
export function lastNDays(to: string, days: number): DayRange {
  return { from: addDays(to, -(days - 1)), to };
}

export type RangeCheck = { ok: true; range: DayRange } | { ok: false; message: string };

export function checkRange(from: string, to: string): RangeCheck {
  if (!isValidDay(from) || !isValidDay(to)) return { ok: false, message: "Enter a valid start and end date." };
  if (from > to) return { ok: false, message: "Start date must be on or before end date." };
  return { ok: true, range: { from, to } };
}
