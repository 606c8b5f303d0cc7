// Turns report rows into chart series: the x axis, one series per measure, or one per
// value of the other grouping dimensions (a line per model when x is the day).
import type { ExportMeta, ExportRow } from "../reports/file-meta";
import type { OutputColumn } from "../reports/types";
import { formatCategory, isNumericColumn, isTemporalColumn, temporalMs, type CellInput } from "../format/cells";
import { formatInteger } from "../format/numbers";
import { OTHER_SERIES_COLOR, seriesColors } from "../reports/palette";
import { pdfText } from "./text-metrics";

export const MAX_SERIES = 8;
/** Bars or points along a category axis; more would be unreadable on paper. */
export const MAX_CATEGORIES = 60;
const MAX_SLICES = 8;

export const DEFAULT_BRAND = "#6366f1";

export type CartesianType = "line" | "area" | "bar";

export interface CartesianSeries {
  label: string;
  color: string;
  /** One value per entry of `xs`; null where the series has no value. */
  values: (number | null)[];
}

export interface CartesianChart {
  kind: "cartesian";
  type: CartesianType;
  title: string;
  /** The measure the values are in (for axis and label formatting). */
  y: OutputColumn;
  /** The workspace locale the axis and labels are written in. */
  locale: string;
  /** True when `xs` are wall-clock milliseconds; otherwise they are category indexes. */
  time: boolean;
  xs: number[];
  /** A short label per x. */
  labels: string[];
  series: CartesianSeries[];
  notes: string[];
}

export interface PieSlice {
  label: string;
  value: number;
  color: string;
}

export interface PieChart {
  kind: "pie";
  title: string;
  y: OutputColumn;
  locale: string;
  slices: PieSlice[];
  notes: string[];
}

export interface EmptyChart {
  kind: "empty";
  title: string;
  detail: string;
}

export type ChartModel = CartesianChart | PieChart | EmptyChart;

/** Totals make sense for counts and sums; other measures (averages, percentiles) are averaged. */
/** Counts and sums add up across rows; distinct counts, averages and percentiles do not. */
export function isAdditive(column: Pick<OutputColumn, "key">): boolean {
  return column.key === "count" || column.key.startsWith("sum_");
}

function numeric(value: ExportRow[string] | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

interface Acc {
  sum: number;
  n: number;
}

function add(map: Map<string, Acc>, key: string, value: number) {
  const acc = map.get(key);
  if (acc) {
    acc.sum += value;
    acc.n += 1;
  } else map.set(key, { sum: value, n: 1 });
}

function settle(acc: Acc | undefined, additive: boolean): number | null {
  if (!acc || acc.n === 0) return null;
  return additive ? acc.sum : acc.sum / acc.n;
}

export function brandColor(value: string): string {
  return /^#[0-9a-f]{6}$/i.test(value) ? value : DEFAULT_BRAND;
}

interface Axes {
  x: OutputColumn | null;
  ys: OutputColumn[];
  /** Dimensions other than x that split the data into series. */
  splitBy: OutputColumn[];
  locale: string;
}

/** A category label the standard fonts can draw. */
function category(value: CellInput, column: OutputColumn, timeZone: string, locale: string): string {
  return pdfText(formatCategory(value, column, timeZone, locale));
}

function resolveAxes(meta: ExportMeta): Axes {
  const { columns } = meta;
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const x = (meta.chart.x ? byKey.get(meta.chart.x) : undefined) ?? columns.find((c) => c.kind !== "measure") ?? null;
  const chosen = (meta.chart.y ?? [])
    .map((key) => byKey.get(key))
    .filter((c): c is OutputColumn => c !== undefined && isNumericColumn(c) && c.key !== x?.key);
  const measures = columns.filter((c) => c.kind === "measure" && isNumericColumn(c) && c.key !== x?.key);
  const anyNumeric = columns.filter((c) => isNumericColumn(c) && c.key !== x?.key);
  const ys = chosen.length > 0 ? chosen : measures.length > 0 ? [measures[0]] : anyNumeric.slice(0, 1);
  const aggregated = columns.some((c) => c.kind === "measure");
  const splitBy = aggregated && x ? columns.filter((c) => c.kind !== "measure" && c.key !== x.key) : [];
  return { x, ys, splitBy, locale: meta.workspace.locale };
}

/**
 * The measures to chart, main chart first: the chosen y columns, then the report's other
 * numeric measures. The main chart takes every chosen y sharing the first one's format
 * (one axis) unless the data is split into series by a dimension.
 */
function chartGroups(meta: ExportMeta, axes: Axes): OutputColumn[][] {
  if (axes.ys.length === 0) return [];
  const [first, ...rest] = axes.ys;
  const main =
    axes.splitBy.length === 0
      ? [first, ...rest.filter((c) => c.format === first.format && c.unit === first.unit)].slice(0, MAX_SERIES)
      : [first];
  const used = new Set(main.map((c) => c.key));
  const others = [
    ...rest,
    ...meta.columns.filter((c) => c.kind === "measure" && isNumericColumn(c) && c.key !== axes.x?.key),
  ].filter((c) => {
    if (used.has(c.key)) return false;
    used.add(c.key);
    return true;
  });
  return [main, ...others.map((c) => [c])];
}

function titleFor(ys: OutputColumn[], axes: Axes): string {
  const what = ys.map((c) => c.label).join(", ");
  if (!axes.x) return what;
  const by = axes.splitBy.length > 0 ? ` and ${axes.splitBy.map((c) => c.label).join(", ")}` : "";
  return `${what} by ${axes.x.label}${by}`;
}

function seriesName(row: ExportRow, axes: Axes, timeZone: string): string {
  return axes.splitBy.map((c) => category(row[c.key], c, timeZone, axes.locale)).join(" \u00b7 ");
}

function cartesian(
  type: CartesianType,
  rows: ExportRow[],
  ys: OutputColumn[],
  axes: Axes,
  timeZone: string,
  brand: string,
): ChartModel {
  const title = titleFor(ys, axes);
  const x = axes.x;
  const y = ys[0];
  const time = x !== null && isTemporalColumn(x) && rows.some((r) => !Number.isNaN(temporalMs(r[x.key], x, timeZone)));

  // xKey → position: wall-clock ms for time axes, first appearance for categories.
  const positions = new Map<string, number>();
  const labels = new Map<string, string>();
  const cells = new Map<string, Map<string, Acc>>();
  const totals = new Map<string, number>();
  const additive = isAdditive(y);
  const pivot = axes.splitBy.length > 0;

  rows.forEach((row, index) => {
    let key: string;
    if (!x) {
      key = String(index);
      positions.set(key, index);
      labels.set(key, `Row ${index + 1}`);
    } else if (time) {
      const ms = temporalMs(row[x.key], x, timeZone);
      if (Number.isNaN(ms)) return;
      key = String(ms);
      positions.set(key, ms);
    } else {
      key = category(row[x.key], x, timeZone, axes.locale);
      if (!positions.has(key)) {
        positions.set(key, positions.size);
        labels.set(key, key);
      }
    }
    for (const column of ys) {
      const value = numeric(row[column.key]);
      if (value === null) continue;
      const name = pivot ? seriesName(row, axes, timeZone) : column.label;
      let perX = cells.get(name);
      if (!perX) {
        perX = new Map();
        cells.set(name, perX);
      }
      add(perX, key, value);
      totals.set(name, (totals.get(name) ?? 0) + Math.abs(value));
    }
  });

  if (cells.size === 0) return { kind: "empty", title, detail: "There are no numbers to plot." };

  const notes: string[] = [];
  let keys = [...positions.keys()];
  if (time) keys.sort((a, b) => (positions.get(a) ?? 0) - (positions.get(b) ?? 0));
  else if (keys.length > MAX_CATEGORIES) {
    notes.push(
      `Showing the first ${MAX_CATEGORIES} of ${formatInteger(keys.length, axes.locale)} ${x ? x.label : "rows"} values.`,
    );
    keys = keys.slice(0, MAX_CATEGORIES);
  }

  let names = pivot ? [...cells.keys()] : ys.map((c) => c.label).filter((n) => cells.has(n));
  let other: Map<string, Acc> | null = null;
  if (names.length > MAX_SERIES) {
    const ranked = [...names].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
    if (additive) {
      const rest = ranked.slice(MAX_SERIES - 1);
      other = new Map();
      for (const name of rest) {
        for (const [k, acc] of cells.get(name) ?? []) {
          const value = settle(acc, additive);
          if (value !== null) add(other, k, value);
        }
      }
      names = ranked.slice(0, MAX_SERIES - 1);
      notes.push(`${rest.length} smaller series are combined as "Other".`);
    } else {
      names = ranked.slice(0, MAX_SERIES);
      notes.push(`${ranked.length - MAX_SERIES} more series not shown (largest ${MAX_SERIES} kept).`);
    }
  }
  if (pivot) names.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));

  const single = names.length === 1 && other === null;
  // Colours follow the series value, so a plan is the same colour in every chart and file.
  const colors = seriesColors(names);
  const series: CartesianSeries[] = names.map((name) => {
    const perX = cells.get(name);
    return {
      label: name,
      color: single ? brand : colors.get(name)!,
      values: keys.map((k) => settle(perX?.get(k), additive)),
    };
  });
  if (other) {
    const merged = other;
    series.push({
      label: "Other",
      color: OTHER_SERIES_COLOR,
      // The merged series already holds per-series values (totals), so it is summed.
      values: keys.map((k) => settle(merged.get(k), true)),
    });
  }

  const xs = keys.map((k, i) => (time ? (positions.get(k) ?? 0) : i));
  return {
    kind: "cartesian",
    type,
    title,
    y,
    locale: axes.locale,
    time,
    xs,
    labels: time ? [] : keys.map((k) => labels.get(k) ?? k),
    series,
    notes,
  };
}

/**
 * Slices per value of x (other dimensions folded in): totals for counts and sums, means for
 * other measures. Raw rows are summed: a slice is a share of the total.
 */
function pie(rows: ExportRow[], y: OutputColumn, axes: Axes, timeZone: string, aggregated: boolean): ChartModel {
  const x = axes.x;
  const title = x ? `${y.label} by ${x.label}` : y.label;
  const additive = !aggregated || isAdditive(y);
  const byLabel = new Map<string, Acc>();
  rows.forEach((row, index) => {
    const value = numeric(row[y.key]);
    if (value === null) return;
    add(byLabel, x ? category(row[x.key], x, timeZone, axes.locale) : `Row ${index + 1}`, value);
  });
  const all = [...byLabel.entries()]
    .map(([label, acc]) => ({ label, value: settle(acc, additive) ?? 0 }))
    .filter((s) => s.value > 0)
    .sort((a, b) => b.value - a.value);
  if (all.length === 0) return { kind: "empty", title, detail: "Nothing above zero to show as a pie." };
  const notes: string[] = [];
  const overflow = all.length > MAX_SLICES;
  // Totals of the smaller slices add up to an "Other" slice; averages do not, so those are left out.
  const kept = all.slice(0, overflow && additive ? MAX_SLICES - 1 : MAX_SLICES);
  const colors = seriesColors(kept.map((s) => s.label));
  const slices: PieSlice[] = kept.map((s) => ({ ...s, color: colors.get(s.label)! }));
  if (overflow) {
    const rest = all.slice(kept.length);
    if (additive) {
      slices.push({
        label: `Other (${rest.length})`,
        value: rest.reduce((sum, s) => sum + s.value, 0),
        color: OTHER_SERIES_COLOR,
      });
    } else {
      notes.push(`${rest.length} smaller ${rest.length === 1 ? "slice" : "slices"} not shown.`);
    }
  }
  const dropped = byLabel.size - all.length;
  if (dropped > 0) notes.push(`${dropped} zero or negative ${dropped === 1 ? "value" : "values"} left out.`);
  return { kind: "pie", title, y, locale: axes.locale, slices, notes };
}

/**
 * The charts for a report: the main chart, then one per further measure, `max` in all.
 * Empty when the report has no chart; an "empty" model when there is nothing to plot,
 * so a chart area is never blank.
 */
export function buildCharts(meta: ExportMeta, rows: ExportRow[], timeZone: string, max: number): ChartModel[] {
  const type = meta.chart.type;
  if (type === "none" || max <= 0) return [];
  const axes = resolveAxes(meta);
  const brand = brandColor(meta.workspace.brandColor);
  const groups = chartGroups(meta, axes);
  const aggregated = meta.columns.some((c) => c.kind === "measure");
  if (groups.length === 0) {
    return [{ kind: "empty", title: meta.reportName, detail: "This report has no numeric column to plot." }];
  }
  if (rows.length === 0) {
    return [{ kind: "empty", title: titleFor(groups[0], axes), detail: "The report returned no rows." }];
  }
  return groups
    .slice(0, max)
    .map((ys) =>
      type === "pie" ? pie(rows, ys[0], axes, timeZone, aggregated) : cartesian(type, rows, ys, axes, timeZone, brand),
    );
}
