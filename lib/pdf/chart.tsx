// Vector charts: d3 computes scales and path strings, react-pdf draws them as PDF paths.
import { Circle, G, Line, Path, Rect, Svg, Text } from "@react-pdf/renderer";
import { scaleBand, scaleLinear, scalePoint, scaleUtc } from "d3-scale";
import { arc, area, curveMonotoneX, line, pie } from "d3-shape";
import type { ReactElement } from "react";
import type { CartesianChart, ChartModel, EmptyChart, PieChart } from "./chart-data";
import { formatAxisNumber, formatNumberCell } from "../format/cells";
import { formatTimeTick } from "../format/dates";
import { formatPercent } from "../format/numbers";
import { niceTicks } from "../format/ticks";
import { pdfText, textWidth, truncate } from "./text-metrics";

const INK = "#111827";
const MUTED = "#6b7280";
const GRID = "#e5e7eb";
const AXIS = "#9ca3af";

const TITLE_SIZE = 9;
const TITLE_HEIGHT = 16;
const TICK_SIZE = 6.5;
const LEGEND_SIZE = 7;
const LEGEND_ROW = 11;
const NOTE_SIZE = 6.5;
const NOTE_ROW = 10;
const MAX_BAR_WIDTH = 36;

interface LegendItem {
  label: string;
  color: string;
}

interface PlacedLegendItem extends LegendItem {
  x: number;
  y: number;
}

/** Legend items laid out in rows across `width`; returns positions and the rows used. */
function layoutLegend(items: LegendItem[], width: number, top: number): { placed: PlacedLegendItem[]; height: number } {
  const placed: PlacedLegendItem[] = [];
  let x = 0;
  let row = 0;
  const maxLabel = Math.max(40, width - 14);
  for (const item of items) {
    const label = truncate(pdfText(item.label), Math.min(maxLabel, 180), LEGEND_SIZE);
    const w = 10 + textWidth(label, LEGEND_SIZE) + 12;
    if (x > 0 && x + w > width) {
      x = 0;
      row += 1;
    }
    placed.push({ label, color: item.color, x, y: top + row * LEGEND_ROW });
    x += w;
  }
  return { placed, height: items.length > 0 ? (row + 1) * LEGEND_ROW : 0 };
}

function Legend(props: { items: PlacedLegendItem[]; offsetX: number }) {
  return (
    <G style={{ fontSize: LEGEND_SIZE }}>
      {props.items.map((item, i) => (
        <G key={i}>
          <Rect x={props.offsetX + item.x} y={item.y + 1.5} width={7} height={7} rx={1.5} fill={item.color} />
          <Text x={props.offsetX + item.x + 10} y={item.y + 7.8} fill={INK}>
            {item.label}
          </Text>
        </G>
      ))}
    </G>
  );
}

function Title(props: { text: string; width: number }) {
  return (
    <G style={{ fontSize: TITLE_SIZE, fontFamily: "Helvetica-Bold" }}>
      <Text x={0} y={10} fill={INK}>
        {truncate(pdfText(props.text), props.width, TITLE_SIZE, "bold")}
      </Text>
    </G>
  );
}

function Notes(props: { notes: string[]; width: number; bottom: number }) {
  return (
    <G style={{ fontSize: NOTE_SIZE }}>
      {props.notes.map((note, i) => (
        <Text key={i} x={0} y={props.bottom - (props.notes.length - 1 - i) * NOTE_ROW - 2} fill={MUTED}>
          {truncate(pdfText(note), props.width, NOTE_SIZE)}
        </Text>
      ))}
    </G>
  );
}

/** A visible placeholder instead of an empty plot. */
function EmptyChartView(props: { chart: EmptyChart; width: number; height: number }) {
  const { width, height } = props;
  const boxTop = TITLE_HEIGHT;
  const boxHeight = height - boxTop - 2;
  const mid = boxTop + boxHeight / 2;
  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <Title text={props.chart.title} width={width} />
      <Rect
        x={0.5}
        y={boxTop + 0.5}
        width={width - 1}
        height={boxHeight - 1}
        rx={4}
        fill="#f9fafb"
        stroke="#d1d5db"
        strokeWidth={0.8}
        strokeDasharray="4 3"
      />
      <G style={{ fontSize: 11, fontFamily: "Helvetica-Bold" }}>
        <Text x={width / 2} y={mid} fill="#4b5563" textAnchor="middle">
          No data to chart
        </Text>
      </G>
      <G style={{ fontSize: 7.5 }}>
        <Text x={width / 2} y={mid + 13} fill={MUTED} textAnchor="middle">
          {truncate(pdfText(props.chart.detail), width - 20, 7.5)}
        </Text>
      </G>
    </Svg>
  );
}

function niceDomain(chart: CartesianChart): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const s of chart.series) {
    for (const v of s.values) {
      if (v === null) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min)) return [0, 1];
  // Bars and areas are read from zero; a line can zoom in on its range.
  if (chart.type !== "line" || min <= 0 || (max - min) / Math.max(Math.abs(max), 1e-12) > 0.6) {
    min = Math.min(0, min);
    max = Math.max(0, max);
  } else {
    const pad = (max - min) * 0.1 || Math.abs(max) * 0.05;
    min = Math.max(0, min - pad);
    max += pad;
  }
  if (min === max) {
    if (min === 0) return [0, 1];
    return min > 0 ? [0, max * 1.1] : [min * 1.1, 0];
  }
  return [min, max];
}

interface XTick {
  x: number;
  label: string;
}

function CartesianChartView(props: { chart: CartesianChart; width: number; height: number; compact: boolean }) {
  const { chart, width, height, compact } = props;
  const legendItems = chart.series.length > 1 ? chart.series.map((s) => ({ label: s.label, color: s.color })) : [];
  const legend = layoutLegend(legendItems, width, TITLE_HEIGHT);
  const notesHeight = chart.notes.length * NOTE_ROW;

  // The same round ticks as the app's charts.
  const axis = niceTicks(...niceDomain(chart), compact ? 4 : 5, chart.y.type === "integer");
  const y = scaleLinear().domain(axis.domain);
  const yTicks = axis.ticks;
  const yLabels = yTicks.map((t) => pdfText(formatAxisNumber(t, chart.y, axis.step, chart.locale)));
  const left = Math.ceil(Math.max(...yLabels.map((l) => textWidth(l, TICK_SIZE)), 12)) + 6;
  const right = 8;
  const top = TITLE_HEIGHT + legend.height + 6;
  const bottom = 14 + notesHeight;
  const plotW = Math.max(20, width - left - right);
  const plotH = Math.max(20, height - top - bottom);
  y.range([top + plotH, top]);

  const n = chart.xs.length;
  const maxTicks = Math.max(2, Math.floor(plotW / (compact ? 58 : 64)));
  let px: (i: number) => number;
  let xTicks: XTick[];
  let bandWidth = 0;

  const granularity = (() => {
    let step = Infinity;
    for (let i = 1; i < n; i++) step = Math.min(step, chart.xs[i] - chart.xs[i - 1]);
    return Number.isFinite(step) ? step : 86_400_000;
  })();

  const categoryTicks = (position: (i: number) => number, label: (i: number) => string): XTick[] => {
    const every = Math.max(1, Math.ceil(n / maxTicks));
    const room = (plotW / n) * every - 4;
    const ticks: XTick[] = [];
    for (let i = 0; i < n; i += every) {
      ticks.push({ x: position(i), label: truncate(label(i), Math.max(room, 16), TICK_SIZE) });
    }
    return ticks;
  };
  const labelAt = (i: number) =>
    pdfText(chart.time ? formatTimeTick(chart.xs[i], granularity, chart.locale) : (chart.labels[i] ?? ""));

  if (chart.type === "bar") {
    const band = scaleBand<number>()
      .domain(chart.xs.map((_, i) => i))
      .range([left, left + plotW])
      .paddingInner(n > 40 ? 0.1 : 0.25)
      .paddingOuter(0.1);
    bandWidth = band.bandwidth();
    px = (i) => (band(i) ?? left) + bandWidth / 2;
    xTicks = categoryTicks(px, labelAt);
  } else if (chart.time) {
    const first = chart.xs[0];
    const last = chart.xs[n - 1];
    const domain: [number, number] = first === last ? [first - granularity / 2, last + granularity / 2] : [first, last];
    const x = scaleUtc()
      .domain(domain)
      .range([left, left + plotW]);
    px = (i) => x(chart.xs[i]);
    if (n === 1) {
      xTicks = [{ x: px(0), label: labelAt(0) }];
    } else {
      const ticks = x.ticks(maxTicks).map((d) => d.getTime());
      const step = ticks.length > 1 ? ticks[1] - ticks[0] : granularity;
      xTicks = ticks.map((t) => ({
        x: x(t),
        label: pdfText(formatTimeTick(t, Math.max(step, granularity), chart.locale)),
      }));
      // Ticks can repeat a label when the data is coarser than the tick step (monthly data, weekly ticks).
      xTicks = xTicks.filter((t, i) => i === 0 || t.label !== xTicks[i - 1].label);
    }
  } else {
    const point = scalePoint<number>()
      .domain(chart.xs.map((_, i) => i))
      .range([left, left + plotW])
      .padding(0.5);
    px = (i) => point(i) ?? left;
    xTicks = categoryTicks(px, labelAt);
  }

  const baseline = y(Math.max(y.domain()[0], Math.min(0, y.domain()[1])));
  const marks: ReactElement[] = [];
  const seriesCount = chart.series.length;

  if (chart.type === "bar") {
    // A few categories would make slabs of bars; keep bars at most as wide as on screen.
    const groupWidth = Math.min(bandWidth, MAX_BAR_WIDTH * seriesCount);
    const inner = scaleBand<number>()
      .domain(chart.series.map((_, i) => i))
      .range([(bandWidth - groupWidth) / 2, (bandWidth + groupWidth) / 2])
      .paddingInner(seriesCount > 1 && groupWidth / seriesCount > 3 ? 0.1 : 0);
    const w = Math.max(0.4, inner.bandwidth());
    chart.series.forEach((s, si) => {
      const rects: ReactElement[] = [];
      s.values.forEach((v, i) => {
        if (v === null) return;
        const x0 = px(i) - bandWidth / 2 + (inner(si) ?? 0);
        const yv = y(v);
        const h = Math.abs(baseline - yv);
        rects.push(
          <Rect key={i} x={x0} y={Math.min(yv, baseline)} width={w} height={Math.max(h, 0.3)} fill={s.color} />,
        );
      });
      marks.push(<G key={`bar-${si}`}>{rects}</G>);
    });
  } else {
    chart.series.forEach((s, si) => {
      // Gaps are bridged (like the report preview), so sparse series still read as lines.
      const present = s.values.flatMap((v, i) => (v === null ? [] : [i]));
      const yAt = (i: number) => y(s.values[i] ?? 0);
      if (chart.type === "area") {
        const shape = area<number>().x(px).y0(baseline).y1(yAt).curve(curveMonotoneX);
        marks.push(
          <Path
            key={`area-${si}`}
            d={shape(present) ?? ""}
            fill={s.color}
            fillOpacity={seriesCount === 1 ? 0.18 : seriesCount <= 3 ? 0.1 : 0.05}
            stroke="none"
          />,
        );
      }
      const path = line<number>().x(px).y(yAt).curve(curveMonotoneX);
      marks.push(
        <Path
          key={`line-${si}`}
          d={path(present) ?? ""}
          fill="none"
          stroke={s.color}
          strokeWidth={compact ? 1.1 : 1.4}
          strokeLinejoin="round"
          strokeLinecap="round"
        />,
      );
      // A single point draws no segment; few points read better with markers.
      if (present.length === 1 || n <= 24) {
        const r = present.length === 1 ? 2.5 : 1.3;
        marks.push(
          <G key={`dots-${si}`}>
            {present.map((i) => (
              <Circle key={i} cx={px(i)} cy={yAt(i)} r={r} fill={s.color} />
            ))}
          </G>,
        );
      }
    });
  }

  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <Title text={chart.title} width={width} />
      <Legend items={legend.placed} offsetX={0} />
      <G>
        {yTicks.map((t, i) => (
          <Line key={i} x1={left} x2={left + plotW} y1={y(t)} y2={y(t)} stroke={GRID} strokeWidth={0.5} />
        ))}
      </G>
      <Line x1={left} x2={left + plotW} y1={baseline} y2={baseline} stroke={AXIS} strokeWidth={0.7} />
      {marks}
      <G style={{ fontSize: TICK_SIZE }}>
        {yTicks.map((t, i) => (
          <Text key={i} x={left - 4} y={y(t) + 2.2} fill={MUTED} textAnchor="end">
            {yLabels[i]}
          </Text>
        ))}
        {xTicks.map((t, i) => (
          <Text key={`x${i}`} x={t.x} y={top + plotH + 9} fill={MUTED} textAnchor="middle">
            {t.label}
          </Text>
        ))}
      </G>
      <Notes notes={chart.notes} width={width} bottom={height} />
    </Svg>
  );
}

function PieChartView(props: { chart: PieChart; width: number; height: number; compact: boolean }) {
  const { chart, width, height, compact } = props;
  const notesHeight = chart.notes.length * NOTE_ROW;
  const top = TITLE_HEIGHT + 4;
  const plotH = height - top - notesHeight - 4;
  const radius = Math.max(10, Math.min(plotH / 2, width * 0.22));
  const cx = radius + 4;
  const cy = top + plotH / 2;
  const total = chart.slices.reduce((sum, s) => sum + s.value, 0);
  const arcs = pie<{ value: number }>()
    .value((s) => s.value)
    .sort(null)(chart.slices);
  const shape = arc<{ startAngle: number; endAngle: number }>()
    .innerRadius(radius * 0.5)
    .outerRadius(radius);

  const legendX = cx + radius + 16;
  const legendW = Math.min(width - legendX, 280);
  const rowH = compact ? 11 : 13;
  const legendTop = cy - (chart.slices.length * rowH) / 2;
  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <Title text={chart.title} width={width} />
      <G transform={`translate(${cx}, ${cy})`}>
        {arcs.map((a, i) => (
          <Path key={i} d={shape(a) ?? ""} fill={chart.slices[i].color} stroke="#ffffff" strokeWidth={0.8} />
        ))}
      </G>
      <G style={{ fontSize: LEGEND_SIZE }}>
        {chart.slices.map((s, i) => {
          const share = total > 0 ? formatPercent(s.value / total, chart.locale) : "";
          const value = `${formatNumberCell(s.value, chart.y, chart.locale)}  ${share}`;
          const valueW = textWidth(pdfText(value), LEGEND_SIZE);
          const labelRoom = legendW - valueW - 22;
          const rowY = legendTop + i * rowH;
          return (
            <G key={i}>
              <Rect x={legendX} y={rowY + 1.5} width={7} height={7} rx={1.5} fill={s.color} />
              <Text x={legendX + 11} y={rowY + 7.8} fill={INK}>
                {truncate(pdfText(s.label), Math.max(labelRoom, 30), LEGEND_SIZE)}
              </Text>
              <Text x={legendX + legendW - 2} y={rowY + 7.8} fill={MUTED} textAnchor="end">
                {pdfText(value)}
              </Text>
            </G>
          );
        })}
      </G>
      <Notes notes={chart.notes} width={width} bottom={height} />
    </Svg>
  );
}

/** One chart in a `width` × `height` box; `compact` for the small side-by-side charts. */
export function ChartView(props: { chart: ChartModel; width: number; height: number; compact?: boolean }) {
  const compact = props.compact ?? false;
  switch (props.chart.kind) {
    case "empty":
      return <EmptyChartView chart={props.chart} width={props.width} height={props.height} />;
    case "pie":
      return <PieChartView chart={props.chart} width={props.width} height={props.height} compact={compact} />;
    default:
      return <CartesianChartView chart={props.chart} width={props.width} height={props.height} compact={compact} />;
  }
}
