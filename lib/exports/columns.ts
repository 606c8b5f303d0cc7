import { headerWithUnit } from "../format/units";
import type { OutputColumn } from "../reports/types";

/** Header text for files that carry raw numbers: the label plus the unit the numbers are in (one rule for CSV, JSON, XLSX). */
export function columnHeader(c: OutputColumn): string {
  return headerWithUnit(c);
}
