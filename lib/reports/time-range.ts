import { addDays, localDate, startOfLocalDay } from "../time/zone";
import { MAX_RANGE_DAYS, type TimeRange } from "./definition";
import type { Notice } from "./types";

export interface ResolvedRange {
  /** Inclusive local dates. */
  from: string;
  to: string;
  timezone: string;
  /** [fromMs, toMs) as instants. */
  fromMs: number;
  toMs: number;
}

function parts(date: string): [number, number, number] {
  return [+date.slice(0, 4), +date.slice(5, 7), +date.slice(8, 10)];
}

function iso(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

function dayCount(from: string, to: string): number {
  const [a, b] = [parts(from), parts(to)];
  return Math.round((Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / 86_400_000) + 1;
}

/** Monday of the ISO week a date falls in. */
function monday(date: string): string {
  const [y, m, d] = parts(date);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** Inclusive local dates a range covers; "this …" periods run to today. */
export function rangeDates(range: TimeRange, today: string): { from: string; to: string } {
  if (range.type === "absolute") return { from: range.from, to: range.to };
  const [y, m] = parts(today);
  const quarterStart = Math.floor((m - 1) / 3) * 3 + 1;
  switch (range.preset) {
    case "today":
      return { from: today, to: today };
    case "yesterday":
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case "last_7_days":
      return { from: addDays(today, -6), to: today };
    case "last_30_days":
      return { from: addDays(today, -29), to: today };
    case "last_90_days":
      return { from: addDays(today, -89), to: today };
    case "this_week":
      return { from: monday(today), to: today };
    case "previous_week":
      return { from: addDays(monday(today), -7), to: addDays(monday(today), -1) };
    case "this_month":
      return { from: iso(y, m, 1), to: today };
    case "previous_month":
      return { from: iso(y, m - 1, 1), to: iso(y, m, 0) };
    case "this_quarter":
      return { from: iso(y, quarterStart, 1), to: today };
    case "previous_quarter":
      return { from: iso(y, quarterStart - 3, 1), to: iso(y, quarterStart, 0) };
  }
}

/**
 * The instants a report's time range covers in the workspace's zone. A range longer
 * than the maximum is shortened to its last MAX_RANGE_DAYS days, with a notice.
 */
export function resolveTimeRange(
  range: TimeRange,
  timezone: string,
  now = Date.now(),
): { range: ResolvedRange; notices: Notice[] } {
  const dates = rangeDates(range, localDate(timezone, now));
  const to = dates.to;
  let from = dates.from;
  const notices: Notice[] = [];
  if (dayCount(from, to) > MAX_RANGE_DAYS) {
    from = addDays(to, -(MAX_RANGE_DAYS - 1));
    notices.push({
      code: "range_clamped",
      message: `The time range was shortened to the last ${MAX_RANGE_DAYS.toLocaleString("en-US")} days (${from} to ${to}).`,
    });
  }
  return {
    range: {
      from,
      to,
      timezone,
      fromMs: startOfLocalDay(timezone, from),
      toMs: startOfLocalDay(timezone, addDays(to, 1)),
    },
    notices,
  };
}
