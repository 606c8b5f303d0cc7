// Time-zone arithmetic on top of Intl, so calendar days follow the workspace's zone,
// DST included, on databases that know nothing about zones (SQLite).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the zone from UTC at an instant, in milliseconds (New York in winter: -5 h). */
export function offsetAt(timeZone: string, instantMs: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The instant at which a local wall-clock time occurs in the zone (the earlier one when ambiguous). */
export function zonedTimeToUtc(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const before = offsetAt(timeZone, wall - 86_400_000);
  const after = offsetAt(timeZone, wall + 86_400_000);
  const valid = [wall - before, wall - after].filter((t) => wall - offsetAt(timeZone, t) === t);
  // No valid candidate: the wall time falls in a DST gap; the old offset maps it forward.
  return valid.length > 0 ? Math.min(...valid) : wall - before;
}

/** Start of a calendar day (YYYY-MM-DD) in the zone, as epoch ms. */
export function startOfLocalDay(timeZone: string, isoDate: string): number {
  const m = DATE_RE.exec(isoDate);
  if (!m) throw new RangeError(`not a date: ${isoDate}`);
  return zonedTimeToUtc(timeZone, +m[1], +m[2], +m[3]);
}

/** The local calendar date (YYYY-MM-DD) of an instant in the zone. */
export function localDate(timeZone: string, instantMs: number): string {
  const local = instantMs + offsetAt(timeZone, instantMs);
  return new Date(local).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  const m = DATE_RE.exec(isoDate);
  if (!m) throw new RangeError(`not a date: ${isoDate}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + days)).toISOString().slice(0, 10);
}

export interface OffsetSegment {
  /** First instant (inclusive) at which this offset applies, epoch ms. */
  from: number;
  offset: number;
}

/**
 * The zone's offsets over [fromMs, toMs): one segment per DST period. SQL can then turn
 * instants into local time with a CASE over a handful of boundaries instead of a
 * per-row zone lookup.
 */
export function offsetSegments(timeZone: string, fromMs: number, toMs: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [{ from: fromMs, offset: offsetAt(timeZone, fromMs) }];
  const step = 6 * 3600_000;
  let prev = fromMs;
  for (let t = fromMs + step; prev < toMs; t += step) {
    const at = Math.min(t, toMs);
    const offset = offsetAt(timeZone, at);
    if (offset !== segments[segments.length - 1].offset) {
      // Narrow the change down to the second.
      let lo = prev;
      let hi = at;
      while (hi - lo > 1000) {
        const mid = Math.floor((lo + hi) / 2000) * 1000;
        if (offsetAt(timeZone, mid) === offset) hi = mid;
        else lo = mid;
      }
      segments.push({ from: hi, offset });
    }
    prev = at;
  }
  return segments;
}

const QUARTER_HOUR = 900_000;
const lookups = new Map<string, (instantMs: number) => number>();

/**
 * offsetAt for bulk work: offsetAt costs ~10 µs (Intl), so offsets are cached per
 * quarter hour, the finest step of real DST changes; a quarter hour whose two ends
 * disagree holds a change and is computed exactly.
 */
export function offsetLookup(timeZone: string): (instantMs: number) => number {
  let lookup = lookups.get(timeZone);
  if (lookup) return lookup;
  const cache = new Map<number, number>();
  lookup = (ms) => {
    const slot = Math.floor(ms / QUARTER_HOUR);
    let offset = cache.get(slot);
    if (offset === undefined) {
      const start = offsetAt(timeZone, slot * QUARTER_HOUR);
      offset = start === offsetAt(timeZone, slot * QUARTER_HOUR + QUARTER_HOUR - 1000) ? start : Number.NaN;
      if (cache.size >= 100_000) cache.clear();
      cache.set(slot, offset);
    }
    return Number.isNaN(offset) ? offsetAt(timeZone, ms) : offset;
  };
  lookups.set(timeZone, lookup);
  return lookup;
}
