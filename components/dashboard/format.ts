const MINUS = "\u2212";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const usdWhole = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const usdCents = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const percent1 = new Intl.NumberFormat("en-US", {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const percent0 = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const shortDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat("en-US", {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});

export function formatInteger(value: number): string {
  return integer.format(value);
}

export function formatCompact(value: number): string {
  return compact.format(value);
}

/** Whole dollars from $1,000 up; cents only matter for small amounts. */
export function formatCurrency(value: number): string {
  return Math.abs(value) >= 1000 ? usdWhole.format(value) : usdCents.format(value);
}

/** `value` is a ratio: 0.923 → "92.3%". */
export function formatPercent(value: number, fractionDigits: 0 | 1 = 1): string {
  return (fractionDigits === 0 ? percent0 : percent1).format(value);
}

function signed(value: number, suffix: string): string {
  const text = oneDecimal.format(Math.abs(value));
  if (text === "0.0") return `0.0${suffix}`;
  return `${value > 0 ? "+" : MINUS}${text}${suffix}`;
}

export interface Change {
  /** e.g. "+12.3%" or "−0.4 pp" */
  label: string;
  direction: "up" | "down" | "flat";
}

function direction(delta: number, label: string): Change["direction"] {
  if (label.startsWith("0.0")) return "flat";
  return delta > 0 ? "up" : "down";
}

/** Relative change in percent; null when there is nothing to compare against. */
export function percentChange(value: number, previous: number): Change | null {
  if (previous === 0) return null;
  const delta = ((value - previous) / Math.abs(previous)) * 100;
  const label = signed(delta, "%");
  return { label, direction: direction(delta, label) };
}

/** Difference of two ratios in percentage points; null when there is no previous value. */
export function pointChange(value: number, previous: number): Change | null {
  if (previous === 0) return null;
  const delta = (value - previous) * 100;
  const label = signed(delta, " pp");
  return { label, direction: direction(delta, label) };
}

function utcDate(isoDay: string): Date {
  const [y, m, d] = isoDay.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** "2025-11-03" → "Nov 3" */
export function formatDay(isoDay: string): string {
  return shortDay.format(utcDate(isoDay));
}

/** "2025-11-03" → "Mon, Nov 3, 2025" */
export function formatLongDay(isoDay: string): string {
  return longDay.format(utcDate(isoDay));
}

/** Absolute timestamp in the workspace's zone, e.g. "Nov 3, 2025, 2:05 PM". */
export function formatDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

/** "just now", "5m ago", "3h ago", "2d ago"; older than a week falls back to the date. */
export function formatRelativeTime(iso: string, timeZone: string, now: number = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days}d ago`;
  return new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone }).format(new Date(iso));
}
