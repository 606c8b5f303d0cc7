import type { ExportMeta } from "../reports/file-meta";
import type { MeasureTotal, OutputColumn, ReportTotals, TotalKind } from "../reports/types";
import { formatNumberCell, isNumericColumn } from "../format/cells";
import { EMPTY_CELL, formatInteger, formatPercent } from "../format/numbers";
import { pdfText } from "./text-metrics";
import { TOTAL_KIND_TEXT } from "../reports/totals-text";

export const MAX_KPIS = 4;

export interface Kpi {
  label: string;
  value: string;
  /** What the value is, e.g. "unique over the range". */
  detail?: string;
  /** Said when the figure covers more than the rows the table shows. */
  scope?: string;
  /** Change against an earlier period (comparison PDFs). */
  delta?: { text: string; tone: "good" | "bad" | "neutral" };
}

/** Volumes, where more is better news: counts, distinct counts and sums. */
const VOLUME = new Set<TotalKind>(["rows", "count", "count_distinct", "sum"]);

interface Headline {
  column: OutputColumn | null;
  label: string;
  kind: TotalKind;
  value: number | null;
}

/** The engine's grand totals as headline figures: up to four measures, or the row count for a report without any. */
function headlines(columns: OutputColumn[], totals: ReportTotals): Headline[] {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const shown = totals.measures
    .map((m): [MeasureTotal, OutputColumn | undefined] => [m, byKey.get(m.key)])
    .filter(([, c]) => c !== undefined && isNumericColumn(c))
    .slice(0, MAX_KPIS);
  if (shown.length === 0) return [{ column: null, label: "Rows", kind: "rows", value: totals.rows }];
  return shown.map(([m, column]) => ({ column: column!, label: pdfText(m.label), kind: m.kind, value: m.value }));
}

function show(h: Headline, locale?: string): string {
  if (h.value === null) return EMPTY_CELL;
  return pdfText(h.column ? formatNumberCell(h.value, h.column, locale) : formatInteger(h.value, locale));
}

/** How a tile says the table below it shows fewer rows than the figure covers. */
function scopeText(totalRows: number, shownRows: number, locale?: string): string | undefined {
  return shownRows < totalRows
    ? `all ${formatInteger(totalRows, locale)} rows, ${formatInteger(shownRows, locale)} shown`
    : undefined;
}

/**
 * Up to four headline figures, each the engine's value over the whole range and filters,
 * formatted like its column; `shownRows` is how many rows the file's table shows.
 */
export function deriveKpis(meta: Pick<ExportMeta, "columns" | "totals">, shownRows: number, locale?: string): Kpi[] {
  if (!meta.totals) return [];
  const scope = scopeText(meta.totals.rows, shownRows, locale);
  return headlines(meta.columns, meta.totals).map((h) => ({
    label: h.label,
    value: show(h, locale),
    detail: h.value === null ? "no values" : TOTAL_KIND_TEXT[h.kind],
    ...(scope ? { scope } : {}),
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
 * Headline figures for this period, each with its change against the previous one, both
 * the engine's totals over their whole period. Only volumes are coloured: more is good.
 * For averages and percentiles (latency, error rates) the better direction is not known.
 */
export function comparisonKpis(
  columns: OutputColumn[],
  current: ReportTotals,
  previous: ReportTotals,
  locale?: string,
): Kpi[] {
  const now = headlines(columns, current);
  const before = headlines(columns, previous);
  return now.map((h, i) => {
    const p = before[i];
    const kpi: Kpi = { label: h.label, value: show(h, locale), detail: `vs ${show(p, locale)}` };
    if (h.value === null || p.value === null) return kpi;
    const text = deltaText(h.value, p.value, locale);
    const tone = !VOLUME.has(h.kind) || h.value === p.value ? "neutral" : h.value > p.value ? "good" : "bad";
    return { ...kpi, delta: { text, tone } };
  });
}
