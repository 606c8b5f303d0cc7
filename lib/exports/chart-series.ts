import "server-only";
import type { Connection } from "../db/connection";
import { buildCharts } from "../pdf/chart-data";
import { PDF_CHART_ROW_CAP } from "../pdf/render-report";
import { temporalMs } from "../format/cells";
import { formatInteger } from "../format/numbers";
import type { CheckedReport } from "../reports/check";
import { streamReport } from "../reports/engine";
import type { CellValue, ChartSeriesResult } from "../reports/types";
import { exportMeta } from "./pipeline";
import type { ExportBranding, ExportRow } from "./types";
import { firstRows } from "./write";

function cell(value: ExportRow[string] | undefined): CellValue {
  if (value === undefined) return null;
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * The report's main chart over its whole result (up to its row limit and PDF_CHART_ROW_CAP),
 * built by the same code as the PDF's chart, so the builder, the dashboard and the PDF
 * agree on series, "Other" and colours.
 */
export async function chartSeries(
  conn: Connection,
  report: CheckedReport,
  workspaceId: string,
  workspace: ExportBranding,
): Promise<ChartSeriesResult> {
  const cap = Math.min(report.definition.limit, PDF_CHART_ROW_CAP);
  const capped = { ...report, definition: { ...report.definition, limit: cap + 1 } };
  const all = await firstRows(streamReport(conn, capped, workspaceId), cap + 1);
  const rows = all.slice(0, cap);
  const meta = exportMeta(report, { name: "", description: "" }, workspace, null);
  const type = report.definition.chart.type === "none" ? "bar" : report.definition.chart.type;
  const [model] = buildCharts({ ...meta, chart: { ...meta.chart, type } }, rows, report.range.timezone, 1);
  const empty = (detail: string): ChartSeriesResult => ({
    kind: "empty",
    type,
    title: model && model.kind !== "empty" ? model.title : "",
    x: null,
    y: null,
    points: [],
    series: [],
    slices: [],
    notes: [],
    detail,
  });
  if (!model) return empty("This report has no chart.");
  if (model.kind === "empty") return empty(model.detail);
  const notes =
    all.length > cap ? [...model.notes, `Drawn from the first ${formatInteger(cap)} rows of the result.`] : model.notes;
  const x = report.columns.find((c) => c.key === (report.definition.chart.x ?? "")) ?? null;
  const axisX = x ?? report.columns.find((c) => c.kind !== "measure") ?? null;
  if (model.kind === "pie") {
    return { ...empty(""), kind: "pie", title: model.title, x: axisX, y: model.y, slices: model.slices, notes };
  }
  // Time axes come back as wall-clock positions; the points carry the cell value they came from.
  const byPosition = new Map<number, CellValue>();
  if (model.time && axisX) {
    for (const row of rows) {
      const ms = temporalMs(row[axisX.key], axisX, report.range.timezone);
      if (!byPosition.has(ms)) byPosition.set(ms, cell(row[axisX.key]));
    }
  }
  const points = model.xs.map((position, i) => {
    const point: Record<string, CellValue> = { x: model.time ? (byPosition.get(position) ?? null) : model.labels[i] };
    model.series.forEach((s, k) => (point[`s${k}`] = s.values[i]));
    return point;
  });
  return {
    kind: "cartesian",
    type,
    title: model.title,
    x: model.time ? axisX : axisX ? { ...axisX, type: "string", format: "text" } : null,
    y: model.y,
    points,
    series: model.series.map((s, k) => ({ key: `s${k}`, label: s.label, color: s.color })),
    slices: [],
    notes,
  };
}
