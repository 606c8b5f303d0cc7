import type { ExportRow } from "../reports/file-meta";
import type { OutputColumn } from "../reports/types";
import { isAdditive } from "./chart-data";
import { formatNumberCell, isNumericColumn } from "../format/cells";
import { EMPTY_CELL, formatInteger, formatPercent } from "../format/numbers";
import { pdfText } from "./text-metrics";

export const MAX_KPIS = 4;

export interface Kpi {
  label: string;
  value: string;
  /** How the value was derived, e.g. "total of 270 rows". */
  detail?: string;
  /** Change against an earlier period (comparison PDFs). */
  delta?: { text: string; tone: "good" | "bad" | "neutral" };
}

interface Headline {
  column: OutputColumn | null;
  label: string;
  /** null when no row has a value. */
  value: number | null;
  additive: boolean;
  n: number;
}

/**
 * The total of each count or sum measure, the mean of other measures (averages,
 * percentiles, min/max); a report without measures gets its row count.
 */
function headlines(columns: OutputColumn[], rows: ExportRow[], totalRows: number): Headline[] {
  const measures = columns.filter((c) => c.kind === "measure" && isNumericColumn(c)).slice(0, MAX_KPIS);
  if (measures.length === 0) return [{ column: null, label: "Rows", value: totalRows, additive: true, n: totalRows }];
  return measures.map((column) => {
    // Amounts are summed in whole cents, so a total of amounts is exact (their sums are bounded).
    const additive = isAdditive(column);
    const scale = additive && column.format === "currency" ? 100 : 1;
    let sum = 0;
    let n = 0;
    for (const row of rows) {
      const value = row[column.key];
      if (typeof value === "number" && Number.isFinite(value)) {
        sum += scale === 1 ? value : Math.round(value * scale);
        n += 1;
      }
    }
    const total = sum / scale;
    return { column, label: pdfText(column.label), value: n === 0 ? null : additive ? total : total / n, additive, n };
  });
}

function show(h: Headline, locale?: string): string {
  if (h.value === null) return EMPTY_CELL;
  return pdfText(h.column ? formatNumberCell(h.value, h.column, locale) : formatInteger(h.value, locale));
}

function detail(h: Headline, locale?: string): string {
  if (!h.column) return "in the report";
  if (h.value === null) return "no values";
  const rowsText = `${formatInteger(h.n, locale)} ${h.n === 1 ? "row" : "rows"}`;
  return h.additive ? `total of ${rowsText}` : `avg. of ${rowsText}`;
}

/** Up to four headline numbers from the rows, formatted like their columns. */
export function deriveKpis(columns: OutputColumn[], rows: ExportRow[], totalRows: number, locale?: string): Kpi[] {
  return headlines(columns, rows, totalRows).map((h) => ({
    label: h.label,
    value: show(h, locale),
    detail: detail(h, locale),
  }));
}

/** "+12.5%", "-3.0%", "no change", or "new" when the earlier period had nothing. */
export function deltaText(current: number, previous: number, locale?: string): string {
  if (current === previous) return "no change";
  if (previous === 0) return "new";
  const change = (current - previous) / Math.abs(previous);
  return pdfText(`${change > 0 ? "+" : "-"}${formatPercent(Math.abs(change), locale)}`);
}

/**
 * Headline numbers for this period, each with its change against the previous one.
 * Only volumes (counts and sums) are coloured: more is good. For averages and
 * percentiles (latency, error rates) the better direction is not known.
 */
export function comparisonKpis(
  columns: OutputColumn[],
  current: { rows: ExportRow[]; totalRows: number },
  previous: { rows: ExportRow[]; totalRows: number },
  locale?: string,
): Kpi[] {
  const now = headlines(columns, current.rows, current.totalRows);
  const before = headlines(columns, previous.rows, previous.totalRows);
  return now.map((h, i) => {
    const p = before[i];
    const kpi: Kpi = { label: h.label, value: show(h, locale), detail: `vs ${show(p, locale)}` };
    if (h.value === null || p.value === null) return kpi;
    const text = deltaText(h.value, p.value, locale);
    const tone = !h.additive || h.value === p.value ? "neutral" : h.value > p.value ? "good" : "bad";
    return { ...kpi, delta: { text, tone } };
  });
}
