"use client";

import type { ReactNode } from "react";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartLegend } from "@/components/dashboard/chart-legend";
import {
  axisProps,
  CHART_HEIGHT,
  GRID_STROKE,
  SECONDARY_SERIES,
  SERIES_COLORS,
  tooltipProps,
} from "@/components/dashboard/chart-theme";
import type { ChartType } from "@/lib/reports/definition";
import type { CellValue, OutputColumn } from "@/lib/reports/types";
import { useLocale } from "@/components/ui/locale";
import { formatAxisNumber, formatCategory, formatCell } from "@/lib/format/cells";
import { niceTicks } from "@/lib/format/ticks";

const MAX_SERIES = SERIES_COLORS.length;
/** One colour each; the rest are summed into "Other". */
const MAX_SLICES = SERIES_COLORS.length - 1;

interface Series {
  /** Recharts reads dotted data keys as paths, so series get plain generated keys. */
  key: string;
  label: string;
  color: string;
}

type Point = Record<string, string | number | null>;

interface ChartData {
  points: Point[];
  series: Series[];
  /** Series or slices left out to keep the chart readable. */
  omitted: number;
}

const TEMPORAL = new Set<OutputColumn["type"]>(["date", "datetime", "hour"]);

function text(value: CellValue | undefined): string {
  return value === null || value === undefined ? "(empty)" : String(value);
}

/**
 * One point per x value. In aggregated reports, dimensions other than x become separate series
 * (a line per plan when x is the week), keeping the largest ones.
 */
function cartesianData(
  rows: Record<string, CellValue>[],
  columns: OutputColumn[],
  x: OutputColumn,
  y: OutputColumn,
  brandColor: string,
): ChartData {
  const aggregated = columns.some((c) => c.kind === "measure");
  const splitBy = aggregated ? columns.filter((c) => c.kind !== "measure" && c.key !== x.key) : [];
  if (splitBy.length === 0) {
    const points = rows.map((row) => ({
      x: row[x.key] ?? null,
      s0: typeof row[y.key] === "number" ? row[y.key] : null,
    }));
    if (TEMPORAL.has(x.type)) points.sort((a, b) => String(a.x).localeCompare(String(b.x)));
    return { points, series: [{ key: "s0", label: y.label, color: brandColor }], omitted: 0 };
  }

  const totals = new Map<string, number>();
  for (const row of rows) {
    const name = splitBy.map((c) => text(row[c.key])).join(" · ");
    const value = row[y.key];
    totals.set(name, (totals.get(name) ?? 0) + (typeof value === "number" ? Math.abs(value) : 0));
  }
  const names = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  // Keep the largest series; list them in time order when they are periods, like the axis would.
  const kept = names.slice(0, MAX_SERIES);
  if (splitBy.every((c) => TEMPORAL.has(c.type))) kept.sort();
  const seriesKey = new Map(kept.map((name, i) => [name, `s${i}`]));

  const byX = new Map<string, Point>();
  for (const row of rows) {
    const key = seriesKey.get(splitBy.map((c) => text(row[c.key])).join(" · "));
    if (!key) continue;
    const xValue = row[x.key] ?? null;
    const id = String(xValue);
    let point = byX.get(id);
    if (!point) {
      point = { x: xValue };
      byX.set(id, point);
    }
    const value = row[y.key];
    point[key] = typeof value === "number" ? value : null;
  }
  const points = [...byX.values()];
  if (TEMPORAL.has(x.type)) points.sort((a, b) => String(a.x).localeCompare(String(b.x)));
  return {
    points,
    series: kept.map((name, i) => ({ key: `s${i}`, label: name, color: SERIES_COLORS[i % SERIES_COLORS.length] })),
    omitted: names.length - kept.length,
  };
}

function pieData(
  rows: Record<string, CellValue>[],
  columns: OutputColumn[],
  x: OutputColumn,
  y: OutputColumn,
  timeZone: string,
  locale: string,
) {
  const aggregated = columns.some((c) => c.kind === "measure");
  const labelColumns = aggregated ? [x, ...columns.filter((c) => c.kind !== "measure" && c.key !== x.key)] : [x];
  const slices = rows
    .map((row) => ({
      name: labelColumns.map((c) => formatCell(row[c.key], c, timeZone, locale)).join(" · "),
      value: typeof row[y.key] === "number" ? row[y.key] : 0,
    }))
    .filter((s): s is { name: string; value: number } => typeof s.value === "number" && s.value > 0)
    .sort((a, b) => b.value - a.value);
  const kept = slices.slice(0, MAX_SLICES).map((s, i) => ({ ...s, fill: SERIES_COLORS[i % SERIES_COLORS.length] }));
  const rest = slices.slice(MAX_SLICES);
  if (rest.length > 0) {
    kept.push({
      name: `Other (${rest.length})`,
      value: rest.reduce((sum, s) => sum + s.value, 0),
      fill: SECONDARY_SERIES,
    });
  }
  return kept;
}

export function ReportChart(props: {
  type: Exclude<ChartType, "none">;
  x: string;
  y: string;
  columns: OutputColumn[];
  rows: Record<string, CellValue>[];
  timeZone: string;
  brandColor: string;
}) {
  const locale = useLocale();
  const x = props.columns.find((c) => c.key === props.x);
  const y = props.columns.find((c) => c.key === props.y);
  if (!x || !y) return <ChartMessage>Choose the X and Y axes to draw the chart.</ChartMessage>;
  if (props.rows.length === 0) return <ChartMessage>No rows to chart.</ChartMessage>;

  const formatY = (value: unknown): ReactNode =>
    typeof value === "number" ? formatCell(value, y, props.timeZone, locale) : String(value ?? "");
  const formatX = (value: unknown) =>
    typeof value === "string" || typeof value === "number" ? formatCategory(value, x, props.timeZone, locale) : "";

  if (props.type === "pie") {
    const slices = pieData(props.rows, props.columns, x, y, props.timeZone, locale);
    if (slices.length === 0) return <ChartMessage>Nothing above zero to show as a pie.</ChartMessage>;
    return (
      <>
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <PieChart>
            <Pie
              data={slices}
              dataKey="value"
              nameKey="name"
              innerRadius="45%"
              outerRadius="85%"
              paddingAngle={1}
              isAnimationActive={false}
            />
            <Tooltip {...tooltipProps} formatter={formatY} />
          </PieChart>
        </ResponsiveContainer>
        <ChartLegend items={slices.map((s) => ({ label: s.name, color: s.fill }))} />
      </>
    );
  }

  const { points, series, omitted } = cartesianData(props.rows, props.columns, x, y, props.brandColor);
  const common = { data: points, margin: { top: 8, right: 8, bottom: 0, left: 0 } };
  // Round ticks, the same rule as the PDF's charts; bars and areas are read from zero.
  const values = points.flatMap((p) => series.map((s) => p[s.key])).filter((v): v is number => typeof v === "number");
  const axis = niceTicks(Math.min(0, ...values), Math.max(0, ...values), 5);
  const axes = [
    <CartesianGrid key="grid" stroke={GRID_STROKE} vertical={false} />,
    <XAxis key="x" dataKey="x" tickFormatter={formatX} minTickGap={24} {...axisProps} />,
    <YAxis
      key="y"
      domain={axis.domain}
      ticks={axis.ticks}
      tickFormatter={(v: number) => formatAxisNumber(v, y, axis.step, locale)}
      width={56}
      {...axisProps}
    />,
    <Tooltip
      key="tooltip"
      {...tooltipProps}
      formatter={formatY}
      labelFormatter={(label) =>
        formatCell(typeof label === "number" || typeof label === "string" ? label : null, x, props.timeZone, locale)
      }
    />,
  ];

  let chart: ReactNode;
  if (props.type === "bar") {
    chart = (
      <BarChart {...common}>
        {axes}
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} maxBarSize={36} isAnimationActive={false} />
        ))}
      </BarChart>
    );
  } else if (props.type === "area") {
    chart = (
      <AreaChart {...common}>
        {axes}
        {series.map((s) => (
          <Area
            key={s.key}
            type="monotone"
            dataKey={s.key}
            name={s.label}
            stroke={s.color}
            strokeWidth={2}
            fill={s.color}
            fillOpacity={0.12}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    );
  } else {
    chart = (
      <LineChart {...common}>
        {axes}
        {series.map((s) => (
          <Line
            key={s.key}
            type="monotone"
            dataKey={s.key}
            name={s.label}
            stroke={s.color}
            strokeWidth={2}
            dot={points.length <= 1}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    );
  }

  return (
    <>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        {chart}
      </ResponsiveContainer>
      <ChartLegend items={series.map((s) => ({ label: s.label, color: s.color }))} />
      {omitted > 0 ? <p className="chart-note">{omitted} smaller series not shown.</p> : null}
    </>
  );
}

function ChartMessage(props: { children: ReactNode }) {
  return (
    <p className="chart-empty" style={{ height: CHART_HEIGHT }}>
      {props.children}
    </p>
  );
}
