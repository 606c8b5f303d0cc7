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
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartLegend } from "@/components/dashboard/chart-legend";
import { axisProps, CHART_HEIGHT, GRID_STROKE, tooltipProps } from "@/components/dashboard/chart-theme";
import { useLocale } from "@/components/ui/locale";
import { formatAxisNumber, formatCategory, formatCell } from "@/lib/format/cells";
import { niceTicks } from "@/lib/format/ticks";
import type { ChartSeriesResult } from "@/lib/reports/types";

/**
 * The report's chart as the server computed it over the whole result: every x value and
 * series whatever preview page is shown, colours keyed by series value (the PDF's too).
 */
export function ReportChart(props: {
  data: ChartSeriesResult;
  timeZone: string;
  brandColor: string;
  /** Bucket values (as in the rows) that cover less than their whole period: shaded and said below. */
  partialBuckets?: readonly string[];
}) {
  const { data } = props;
  const locale = useLocale();
  if (data.kind === "empty") return <ChartMessage>{data.detail ?? "No rows to chart."}</ChartMessage>;
  const x = data.x ?? undefined;
  const y = data.y ?? undefined;
  if (!y) return <ChartMessage>Choose the X and Y axes to draw the chart.</ChartMessage>;

  const formatY = (value: unknown): ReactNode =>
    typeof value === "number" ? formatCell(value, y, props.timeZone, locale) : String(value ?? "");
  const formatX = (value: unknown) =>
    x && (typeof value === "string" || typeof value === "number")
      ? formatCategory(value, x, props.timeZone, locale)
      : String(value ?? "");
  const notes = data.notes.map((note) => (
    <p key={note} className="chart-note">
      {note}
    </p>
  ));

  if (data.kind === "pie") {
    const slices = data.slices.map((s) => ({ name: s.label, value: s.value, fill: s.color }));
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
        {notes}
      </>
    );
  }

  const points = data.points;
  const series = data.series.map((s) => (data.series.length === 1 ? { ...s, color: props.brandColor } : s));
  const common = { data: points, margin: { top: 8, right: 8, bottom: 0, left: 0 } };
  // Round ticks, the same rule as the PDF's charts; bars and areas are read from zero.
  const values = points.flatMap((p) => series.map((s) => p[s.key])).filter((v): v is number => typeof v === "number");
  const axis = niceTicks(Math.min(0, ...values), Math.max(0, ...values), 5, y.type === "integer");
  const partial = partialPoints(points, x, props.partialBuckets);
  // Bars shade their own band; lines and areas the segments that lead to the partial point.
  const shades = partial.map((i) =>
    data.type === "bar"
      ? { x1: points[i].x, x2: points[i].x }
      : { x1: points[Math.max(i - 1, 0)].x, x2: points[Math.min(i + 1, points.length - 1)].x },
  );
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
        x
          ? formatCell(typeof label === "number" || typeof label === "string" ? label : null, x, props.timeZone, locale)
          : label
      }
    />,
    ...shades.map((shade) => (
      <ReferenceArea
        key={`partial-${String(shade.x1)}-${String(shade.x2)}`}
        className="partial-bucket-area"
        x1={shade.x1 ?? undefined}
        x2={shade.x2 ?? undefined}
        fill="#94a3b8"
        fillOpacity={0.12}
        stroke="#94a3b8"
        strokeDasharray="4 3"
        ifOverflow="extendDomain"
      />
    )),
  ];
  // Weeks are keyed by their Monday: "The week of Oct 26" says what the date stands for.
  const partialLabels = partial.map(
    (i, n) => `${x?.bucket === "week" ? (n === 0 ? "The week of " : "the week of ") : ""}${formatX(points[i].x)}`,
  );

  let chart: ReactNode;
  if (data.type === "bar") {
    chart = (
      <BarChart {...common}>
        {axes}
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} maxBarSize={36} isAnimationActive={false} />
        ))}
      </BarChart>
    );
  } else if (data.type === "area") {
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
      {partialLabels.length > 0 ? (
        <p className="chart-note" data-testid="partial-note">
          {partialLabels.join(", ")} {partialLabels.length === 1 ? "is" : "are"} cut by the range or not over yet:{" "}
          {partialLabels.length === 1 ? "its" : "their"} figures cover less than a whole {x?.bucket ?? "period"} and are
          shaded.
        </p>
      ) : null}
      {notes}
    </>
  );
}

/** Indexes of the points whose x is a partial time bucket. */
function partialPoints(
  points: ChartSeriesResult["points"],
  x: ChartSeriesResult["x"] | undefined,
  buckets: readonly string[] | undefined,
): number[] {
  if (!x || x.kind !== "bucket" || !buckets || buckets.length === 0) return [];
  const set = new Set(buckets);
  return points.flatMap((p, i) => (p.x !== null && set.has(String(p.x)) ? [i] : []));
}

function ChartMessage(props: { children: ReactNode }) {
  return (
    <p className="chart-empty" style={{ height: CHART_HEIGHT }}>
      {props.children}
    </p>
  );
}
