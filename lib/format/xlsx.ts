// Spreadsheet number formats for a locale. Excel format codes always use "," for
// grouping and "." for decimals (the spreadsheet program shows its own separators); what
// the workspace locale decides is where the currency symbol goes and what it looks like.
import { numberFormat } from "./intl";
import { CURRENCY } from "./numbers";

export interface XlsxNumberFormats {
  integer: string;
  number: string;
  percent: string;
  money: string;
  amount: string;
  /** Durations stay in milliseconds, as in CSV and JSON (header "<label> (ms)"). */
  milliseconds: string;
  datetime: string;
  date: string;
  hour: string;
}

const quoted = (text: string) => `"${text.replaceAll('"', "")}"`;

/** "$1.00" → symbol first; "1,00 $" → symbol last (with the locale's space). */
function moneyFormat(locale: string | undefined): string {
  const parts = numberFormat(locale, { style: "currency", currency: CURRENCY }).formatToParts(1);
  const symbolAt = parts.findIndex((p) => p.type === "currency");
  const numberAt = parts.findIndex((p) => p.type === "integer");
  const symbol = parts[symbolAt]?.value ?? "$";
  const spaced = parts.some((p) => p.type === "literal" && /\s/.test(p.value));
  const gap = spaced ? " " : "";
  return symbolAt < numberAt ? `${quoted(symbol + gap)}#,##0.00` : `#,##0.00${quoted(gap + symbol)}`;
}

const cache = new Map<string, XlsxNumberFormats>();

export function xlsxNumberFormats(locale?: string): XlsxNumberFormats {
  const key = locale ?? "";
  let formats = cache.get(key);
  if (!formats) {
    formats = {
      integer: "#,##0",
      // "#,##0.0###" rather than "#,##0.####", which Excel shows as "5." for whole numbers.
      number: "#,##0.0###",
      percent: "0.0%",
      money: moneyFormat(locale),
      amount: "#,##0.00",
      milliseconds: '#,##0" ms"',
      // Dates stay ISO: unambiguous in every locale, and they sort as text too.
      datetime: "yyyy-mm-dd hh:mm:ss",
      date: "yyyy-mm-dd",
      hour: "yyyy-mm-dd hh:mm",
    };
    cache.set(key, formats);
  }
  return formats;
}
