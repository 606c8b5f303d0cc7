import type { ExportRow } from "../exports/types";
import type { OutputColumn } from "../reports/types";
import { isAdditive } from "./chart-data";
import { formatCount, formatNumber, isNumericColumn } from "./format";
import { pdfText } from "./text-metrics";

export const MAX_KPIS = 4;

export interface Kpi {
  label: string;
  value: string;
  /** How the value was derived, e.g. "total of 270 rows". */
  detail?: string;
}

/**
 * Up to four headline numbers from the rows: the total of each count or sum measure,
 * the mean of other measures (averages, percentiles, min/max), formatted like the column.
 * A report without measures gets its row count (`totalRows`, which may exceed the rows given).
 */
export function deriveKpis(columns: OutputColumn[], rows: ExportRow[], totalRows: number): Kpi[] {
  const measures = columns.filter((c) => c.kind === "measure" && isNumericColumn(c)).slice(0, MAX_KPIS);
  if (measures.length === 0) {
    return [{ label: "Rows", value: formatCount(totalRows), detail: "in the report" }];
  }
  return measures.map((column) => {
    let sum = 0;
    let n = 0;
    for (const row of rows) {
      const value = row[column.key];
      if (typeof value === "number" && Number.isFinite(value)) {
        sum += value;
        n += 1;
      }
    }
    const additive = isAdditive(column);
    const rowsText = `${formatCount(n)} ${n === 1 ? "row" : "rows"}`;
    if (n === 0) return { label: pdfText(column.label), value: "\u2014", detail: "no values" };
    return additive
      ? { label: pdfText(column.label), value: formatNumber(sum, column), detail: `total of ${rowsText}` }
      : { label: pdfText(column.label), value: formatNumber(sum / n, column), detail: `avg. of ${rowsText}` };
  });
}
