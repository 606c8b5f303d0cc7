import { formatInteger } from "../format/numbers";
import { MIN_DATE } from "../time/bounds";
import { addDays, localDate, startOfLocalDay } from "../time/zone";
import { MAX_RANGE_DAYS, type TimeBucket, type TimeRange } from "./definition";
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

/** Days from `from` to `to`, both included. */
export function dayCount(from: string, to: string): number {
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

/** The inclusive dates of the period of equal length in whole local days that ends the day before `range` starts. */
export function previousRange(range: { from: string; to: string }): { from: string; to: string } {
  return { from: addDays(range.from, -dayCount(range.from, range.to)), to: addDays(range.from, -1) };
}

/** The one message wherever a range is shortened (builder, dashboard, exports, schedules). */
export function rangeShortenedMessage(from: string, to: string): string {
  return `The time range was shortened to ${formatInteger(MAX_RANGE_DAYS)} days (${from} to ${to}), the most one report covers.`;
}

/**
 * A range of at most MAX_RANGE_DAYS days. A longer one keeps the days that end at today
 * (never the empty future); a range that ends before today keeps its end, and one that
 * starts after today keeps its start.
 */
export function limitRange(from: string, to: string, today: string): { from: string; to: string; shortened: boolean } {
  if (dayCount(from, to) <= MAX_RANGE_DAYS) return { from, to, shortened: false };
  if (from > today) return { from, to: addDays(from, MAX_RANGE_DAYS - 1), shortened: true };
  const end = to < today ? to : today;
  const start = addDays(end, -(MAX_RANGE_DAYS - 1));
  return { from: start < from ? from : start < MIN_DATE ? MIN_DATE : start, to: end, shortened: true };
}

/**
 * The instants a report's time range covers in the workspace's zone. A range longer
 * than the maximum is shortened (see limitRange), with a notice.
 */
export function resolveTimeRange(
  range: TimeRange,
  timezone: string,
  now = Date.now(),
): { range: ResolvedRange; notices: Notice[] } {
  const today = localDate(timezone, now);
  const dates = rangeDates(range, today);
  const limited = limitRange(dates.from, dates.to, today);
  const { from, to } = limited;
  const notices: Notice[] = limited.shortened
    ? [{ code: "range_clamped", message: rangeShortenedMessage(from, to) }]
    : [];
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

/** First day of the month a date falls in, and its last. */
function monthOf(date: string): { first: string; last: string } {
  const [y, m] = parts(date);
  return { first: iso(y, m, 1), last: iso(y, m + 1, 0) };
}

/**
 * Buckets whose figures cover less than their whole period, keyed like the engine's bucket
 * values: a week or month cut by the range's start or end, and the bucket holding the
 * current moment (today, this hour), which is not over yet. `now` is the local time as
 * "YYYY-MM-DDTHH:…".
 */
export function partialBuckets(bucket: TimeBucket | null, range: { from: string; to: string }, now: string): string[] {
  if (!bucket) return [];
  const today = now.slice(0, 10);
  const keys = new Set<string>();
  if (bucket === "hour") {
    if (range.from <= today && today <= range.to) keys.add(`${today} ${now.slice(11, 13)}:00`);
  } else if (bucket === "day") {
    if (range.from <= today && today <= range.to) keys.add(today);
  } else {
    const period = (date: string) =>
      bucket === "week" ? { first: monday(date), last: addDays(monday(date), 6) } : monthOf(date);
    const first = period(range.from);
    const last = period(range.to);
    if (first.first < range.from) keys.add(first.first);
    if (last.last > range.to) keys.add(last.first);
    if (range.from <= today && today <= range.to) keys.add(period(today).first);
  }
  return [...keys].sort();
}

/** The note that goes with partial buckets, or null when every bucket is whole. */
export function partialBucketsNotice(bucket: TimeBucket | null, keys: string[]): Notice | null {
  if (!bucket || keys.length === 0) return null;
  return { code: "partial_buckets", message: partialBucketsMessage(bucket, keys), buckets: keys };
}

/**
 * The partial-bucket note naming its buckets by `labels`: the keys themselves, or the
 * keys as a document formats its dates (the PDF, in the workspace's locale).
 */
export function partialBucketsMessage(bucket: TimeBucket, labels: string[]): string {
  const noun = { hour: "hour", day: "day", week: "week", month: "month" }[bucket];
  const one = labels.length === 1;
  return `Partial ${one ? noun : `${noun}s`} (${labels.join(", ")}): cut by the range or not over yet, so ${one ? "its figures cover" : "their figures cover"} less than a whole ${noun}.`;
}
