// Column headers of files that carry raw numbers (CSV, JSON, XLSX) name the unit the
// numbers are in, the same way in every format: "Latency (ms)", "Revenue (USD)",
// "Conversion (ratio)". Screens and PDFs show the unit in each value instead.
import { CURRENCY } from "./numbers";

interface UnitColumn {
  label: string;
  format?: string;
  unit?: string;
}

/** The unit a column's raw numbers are in, or null when they are plain numbers. */
export function columnUnit(c: Omit<UnitColumn, "label">): string | null {
  if (c.unit === "ms") return "ms";
  if (c.unit === CURRENCY) return CURRENCY;
  if (c.format === "percent") return "ratio";
  return null;
}

/** "Latency" with unit ms → "Latency (ms)". */
export function headerWithUnit(c: UnitColumn): string {
  const unit = columnUnit(c);
  return unit ? `${c.label} (${unit})` : c.label;
}
