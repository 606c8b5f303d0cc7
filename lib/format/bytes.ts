// File sizes in decimal units, like the size a browser or a Mac shows.
import { numberFormat } from "./intl";
import { formatInteger } from "./numbers";

const BYTE_UNITS = ["KB", "MB", "GB", "TB"] as const;

/** 2_100_000 → "2.1 MB" (en-US), "2,1 MB" (de-DE); under 1,000 in bytes. */
export function formatBytes(bytes: number, locale?: string): string {
  if (bytes < 1000) return `${formatInteger(bytes, locale)} ${bytes === 1 ? "byte" : "bytes"}`;
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${numberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${BYTE_UNITS[unit]}`;
}
