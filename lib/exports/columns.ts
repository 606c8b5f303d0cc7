import type { OutputColumn } from "../reports/types";

/** Header text for files that carry raw numbers: the label plus the unit the numbers are in. */
export function columnHeader(c: OutputColumn): string {
  if (c.unit === "ms") return `${c.label} (ms)`;
  if (c.unit === "USD") return `${c.label} (USD)`;
  if (c.format === "percent") return `${c.label} (ratio)`;
  return c.label;
}
