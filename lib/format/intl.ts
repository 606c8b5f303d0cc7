// The one place Intl formatters are built (the lint rule forbids them elsewhere). Built
// formatters are cached: creating one costs far more than formatting with it.
import { DEFAULT_LOCALE, supportedLocale, type SupportedLocale } from "./locales";

const numbers = new Map<string, Intl.NumberFormat>();
const dates = new Map<string, Intl.DateTimeFormat>();
const relatives = new Map<string, Intl.RelativeTimeFormat>();

/** A locale the module formats in: a supported one, else the default. */
export function formatLocale(locale: string | null | undefined): SupportedLocale {
  return locale ? supportedLocale(locale) : DEFAULT_LOCALE;
}

export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const tag = formatLocale(locale);
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = numbers.get(key);
  if (!f) {
    f = new Intl.NumberFormat(tag, options);
    numbers.set(key, f);
  }
  return f;
}

export function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const tag = formatLocale(locale);
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = dates.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, options);
    dates.set(key, f);
  }
  return f;
}

export function relativeTimeFormat(
  locale: string | undefined,
  options: Intl.RelativeTimeFormatOptions,
): Intl.RelativeTimeFormat {
  const tag = formatLocale(locale);
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = relatives.get(key);
  if (!f) {
    f = new Intl.RelativeTimeFormat(tag, options);
    relatives.set(key, f);
  }
  return f;
}
