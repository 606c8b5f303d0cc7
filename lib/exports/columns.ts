import type { OutputColumn } from "../reports/types";
import { isoInZone } from "../time/iso";
import type { ExportRow } from "./types";

/** Header text for files that carry raw numbers: the label plus the unit the numbers are in. */
export function columnHeader(c: OutputColumn): string {
  if (c.unit === "ms") return `${c.label} (ms)`;
  if (c.unit === "USD") return `${c.label} (USD)`;
  if (c.format === "percent") return `${c.label} (ratio)`;
  return c.label;
}

/** A cell for text formats: instants as ISO 8601 with the workspace's offset, numbers unformatted. */
function plainValue(value: ExportRow[string], timeZone: string): string | number | null {
  if (value instanceof Date) return isoInZone(value, timeZone);
  return value;
}
