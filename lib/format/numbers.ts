// Numbers, money and ratios as people read them, in the workspace's locale. Anything
// that is not a finite number reads as an em dash rather than "NaN" or "∞".
import { numberFormat } from "./intl";

export const EMPTY_CELL = "\u2014";

/** The currency amounts are in; money is stored as integer cents of it. */
export const CURRENCY = "USD";

function finite(value: number, format: (v: number) => string): string {
  return Number.isFinite(value) ? format(value) : EMPTY_CELL;
}

/** 1234567.6 → "1,234,568" (en-US), "1.234.568" (de-DE). */
export function formatInteger(value: number, locale?: string): string {
  return finite(value, (v) => numberFormat(locale, { maximumFractionDigits: 0 }).format(v));
}

/** Up to `digits` decimals: 1234.5678 → "1,234.57". */
export function formatDecimal(value: number, locale?: string, digits = 2): string {
  return finite(value, (v) => numberFormat(locale, { maximumFractionDigits: digits }).format(v));
}

/** Exactly `digits` decimals: 12 → "12.0". */
export function formatFixed(value: number, locale: string | undefined, digits: number): string {
  return finite(value, (v) =>
    numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v),
  );
}

/** 1234 → "1.2K" (en-US), "1234" (de-DE, which abbreviates from a million: "1,2 Mio."). */
export function formatCompact(value: number, locale?: string): string {
  return finite(value, (v) => numberFormat(locale, { notation: "compact", maximumFractionDigits: 1 }).format(v));
}

/** `value` is a ratio: 0.923 → "92.3%" (en-US), "92,3 %" (de-DE). */
export function formatPercent(value: number, locale?: string, digits = 1): string {
  return finite(value, (v) =>
    numberFormat(locale, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v),
  );
}

/** An amount in whole currency units with cents: 1234.5 → "$1,234.50" (en-US), "1.234,50 $" (de-DE). */
export function formatMoney(amount: number, locale?: string, options: { whole?: boolean } = {}): string {
  return finite(amount, (v) =>
    numberFormat(locale, {
      style: "currency",
      currency: CURRENCY,
      ...(options.whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
    }).format(v),
  );
}

/**
 * Integer cents as money: 123456 → "$1,234.56". Formatted from decimal text, so every
 * safe integer of cents prints exactly (cents / 100 as a double would not).
 */
export function formatCents(cents: number, locale?: string): string {
  if (!Number.isSafeInteger(cents)) return formatMoney(cents / 100, locale);
  const abs = Math.abs(cents);
  const fraction = abs % 100;
  const decimal = `${cents < 0 ? "-" : ""}${(abs - fraction) / 100}.${String(fraction).padStart(2, "0")}`;
  // Intl formats decimal strings exactly; the cast is for TypeScript's older signature.
  return numberFormat(locale, { style: "currency", currency: CURRENCY }).format(decimal as unknown as number);
}

/** Headline money: whole units from 1,000 up, where cents no longer matter to a reader. */
export function formatMoneyHeadline(amount: number, locale?: string): string {
  return formatMoney(amount, locale, { whole: Math.abs(amount) >= 1000 });
}

/** Money on a chart axis: "$1.2K", "$0.50". */
export function formatMoneyCompact(amount: number, locale?: string, digits = 1): string {
  return finite(amount, (v) =>
    numberFormat(locale, {
      style: "currency",
      currency: CURRENCY,
      notation: Math.abs(v) >= 1000 ? "compact" : "standard",
      minimumFractionDigits: Math.abs(v) >= 1000 ? 0 : digits,
      maximumFractionDigits: digits,
    }).format(v),
  );
}

export interface Change {
  /** e.g. "+12.3%" or "-0.4 pp" */
  label: string;
  direction: "up" | "down" | "flat";
}

function signed(delta: number, locale: string | undefined, suffix: "percent" | "points"): Change {
  const text = numberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
    ...(suffix === "percent" ? { style: "percent" } : {}),
  }).format(suffix === "percent" ? delta / 100 : delta);
  const flat = !/[1-9]/.test(text);
  const label = suffix === "points" ? `${text} pp` : text;
  return { label, direction: flat ? "flat" : delta > 0 ? "up" : "down" };
}

/** Relative change in percent; null when there is nothing (or nothing finite) to compare against. */
export function percentChange(value: number, previous: number, locale?: string): Change | null {
  if (previous === 0 || !Number.isFinite(value) || !Number.isFinite(previous)) return null;
  return signed(((value - previous) / Math.abs(previous)) * 100, locale, "percent");
}

/** Difference of two ratios in percentage points; null when there is no previous value. */
export function pointChange(value: number, previous: number, locale?: string): Change | null {
  if (previous === 0 || !Number.isFinite(value) || !Number.isFinite(previous)) return null;
  return signed((value - previous) * 100, locale, "points");
}
