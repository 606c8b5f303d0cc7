// Dates and times as people read them, in the workspace's locale and zone. Instants are
// shifted into the zone's wall-clock time first and formatted as UTC: much cheaper per
// cell than a formatter with a timeZone, and the same arithmetic as the reports engine.
import { offsetLookup } from "../time/zone";
import { dateFormat, formatLocale, relativeTimeFormat } from "./intl";
import { EMPTY_CELL } from "./numbers";

const UTC = "UTC";
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HOUR_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/;

const SHORT_DAY = { month: "short", day: "numeric", timeZone: UTC } as const;
const MEDIUM_DATE = { dateStyle: "medium", timeZone: UTC } as const;
const MEDIUM_DATE_TIME = { dateStyle: "medium", timeStyle: "short", timeZone: UTC } as const;
const LONG_DAY = { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: UTC } as const;
const MONTH = { month: "short", year: "numeric", timeZone: UTC } as const;
const YEAR = { year: "numeric", timeZone: UTC } as const;
const HOUR_MINUTE = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: UTC } as const;

/** An instant as wall-clock milliseconds in the zone (for UTC formatters and chart axes). */
export function wallClock(instant: Date | number, timeZone: string): number {
  const t = typeof instant === "number" ? instant : instant.getTime();
  return t + offsetLookup(timeZone)(t);
}

/** "YYYY-MM-DD" or "YYYY-MM-DD HH:mm" as wall-clock milliseconds; NaN when it is neither. */
export function parseLocal(value: string): number {
  const hour = HOUR_RE.exec(value);
  if (hour) return Date.UTC(+hour[1], +hour[2] - 1, +hour[3], +hour[4], +hour[5]);
  const day = DATE_RE.exec(value);
  if (day) return Date.UTC(+day[1], +day[2] - 1, +day[3]);
  return Number.NaN;
}

function wall(ms: number, options: Intl.DateTimeFormatOptions, locale?: string): string {
  return Number.isFinite(ms) ? dateFormat(locale, options).format(ms) : EMPTY_CELL;
}

/** Wall-clock ms → "Nov 3" (en-US), "3. Nov." (de-DE). */
export function formatWallShortDay(ms: number, locale?: string): string {
  return wall(ms, SHORT_DAY, locale);
}

/** Wall-clock ms → "Nov 3, 2025" (en-US), "03.11.2025" (de-DE). */
export function formatWallDate(ms: number, locale?: string): string {
  return wall(ms, MEDIUM_DATE, locale);
}

/** Wall-clock ms → "Nov 3, 2025, 2:05 PM" (en-US), "03.11.2025, 14:05" (de-DE). */
export function formatWallDateTime(ms: number, locale?: string): string {
  return wall(ms, MEDIUM_DATE_TIME, locale);
}

/** Wall-clock ms → "14:00": hours on a 24-hour clock in every locale, as bucket labels. */
export function formatWallHourMinute(ms: number, locale?: string): string {
  return wall(ms, HOUR_MINUTE, locale);
}

/** Wall-clock ms → "Nov 3, 2025 14:00" (an hour bucket). */
export function formatWallHour(ms: number, locale?: string): string {
  return Number.isFinite(ms) ? `${formatWallDate(ms, locale)} ${formatWallHourMinute(ms, locale)}` : EMPTY_CELL;
}

/** "2025-11-03" → "Nov 3"; the input itself when it is not a date. */
export function formatDay(isoDay: string, locale?: string): string {
  const ms = parseLocal(isoDay);
  return Number.isNaN(ms) ? isoDay : formatWallShortDay(ms, locale);
}

/** "2025-11-03" → "Mon, Nov 3, 2025". */
export function formatLongDay(isoDay: string, locale?: string): string {
  const ms = parseLocal(isoDay);
  return Number.isNaN(ms) ? isoDay : wall(ms, LONG_DAY, locale);
}

/** "2025-11-03" → "Nov 3, 2025"; the input itself when it is not a date. */
export function formatDate(isoDay: string, locale?: string): string {
  const ms = parseLocal(isoDay);
  return Number.isNaN(ms) ? isoDay : formatWallDate(ms, locale);
}

/** An instant (ISO text, Date or epoch ms) in the zone: "Nov 3, 2025, 2:05 PM". */
export function formatDateTime(instant: string | Date | number, timeZone: string, locale?: string): string {
  const ms =
    typeof instant === "string" ? Date.parse(instant) : typeof instant === "number" ? instant : instant.getTime();
  if (!Number.isFinite(ms)) return typeof instant === "string" ? instant : EMPTY_CELL;
  return formatWallDateTime(wallClock(ms, timeZone), locale);
}

/** The zone's offset at an instant as "UTC-05:00". */
export function formatUtcOffset(instant: Date | number, timeZone: string): string {
  const t = typeof instant === "number" ? instant : instant.getTime();
  const offset = offsetLookup(timeZone)(t);
  const abs = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `UTC${offset < 0 ? "-" : "+"}${hh}:${mm}`;
}

/** A time with its zone, for records: "Mar 3, 2025, 2:05 PM UTC-05:00". */
export function formatDateTimeWithZone(instant: Date | number, timeZone: string, locale?: string): string {
  return `${formatDateTime(instant, timeZone, locale)} ${formatUtcOffset(instant, timeZone)}`;
}

/**
 * The compact style reads "5m ago" in American English; elsewhere it drops the words ("-5 min"
 * in French) or reads as a unit ("vor 5 m" in German), so other locales get the short style.
 */
const RELATIVE_STYLE: Partial<Record<string, Intl.RelativeTimeFormatStyle>> = { "en-US": "narrow" };

/**
 * How long ago, in the locale's words: "now", "5m ago", "3h ago", "yesterday", "4d ago"
 * (en-US); "jetzt", "vor 5 Min.", "gestern", "vorgestern" (de-DE). Days count calendar days in
 * the zone, so "yesterday" means the day before today there. From a week on, the date.
 */
export function formatRelativeTime(iso: string, timeZone: string, locale?: string, now: number = Date.now()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const tag = formatLocale(locale);
  const words = relativeTimeFormat(tag, { numeric: "auto", style: RELATIVE_STYLE[tag] ?? "short" });
  const seconds = Math.round((now - ms) / 1000);
  // A clock a little ahead of ours is "now" too, never "in 3 seconds".
  if (seconds < 60) return words.format(0, "second");
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return words.format(-minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return words.format(-hours, "hour");
  const localDay = (t: number) => Math.floor(wallClock(t, timeZone) / DAY_MS);
  const days = localDay(now) - localDay(ms);
  if (days < 7) return words.format(-days, "day");
  return formatWallShortDay(wallClock(ms, timeZone), locale);
}

/** A time-axis tick (wall-clock ms) at a spacing of `stepMs` between ticks. */
export function formatTimeTick(ms: number, stepMs: number, locale?: string): string {
  if (stepMs < DAY_MS) return `${formatWallShortDay(ms, locale)} ${formatWallHourMinute(ms, locale)}`;
  if (stepMs < 28 * DAY_MS) return formatWallShortDay(ms, locale);
  if (stepMs < 365 * DAY_MS) return wall(ms, MONTH, locale);
  return wall(ms, YEAR, locale);
}

/** "Mon, Nov 23, 9:00 AM" in the zone, optionally with its abbreviation ("… EST"): upcoming and recent runs. */
export function formatWeekdayTime(
  instant: string | number,
  timeZone: string,
  locale?: string,
  withZone = false,
): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant;
  if (!Number.isFinite(ms)) return typeof instant === "string" ? instant : EMPTY_CELL;
  return dateFormat(locale, {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    ...(withZone ? { timeZoneName: "short" } : {}),
  }).format(ms);
}
