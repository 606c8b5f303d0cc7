import "server-only";
import { raw, sql, type Sql } from "../db/sql";
import { offsetSegments } from "../time/zone";
import type { CheckedReport } from "./check";
import type { ReportMeasure } from "./definition";

const HOUR = 3_600_000;

/** Where an aggregated report can read pre-summed rows instead of the events. */
export interface RollupSource {
  table: string;
  timeColumn: string;
  measure: (m: ReportMeasure) => Sql;
  /** The hourly table's column summing a field. */
  column: (field: string) => string | undefined;
}

/** usage_hourly: usage events summed per UTC hour, event type, plan and country. */
const USAGE_HOURLY = {
  dataset: "usage_events",
  table: "usage_hourly",
  timeColumn: "hour",
  dimensions: new Set(["event_type", "plan", "country"]),
  /** Summed fields and their columns in the hourly table. */
  sums: new Map([
    ["revenue", "revenue_cents"],
    ["duration_ms", "duration_ms"],
  ]),
};

function usageMeasure(m: ReportMeasure): Sql {
  if (m.fn === "count") return sql`COALESCE(SUM("events"), 0)`;
  const col = raw(`"${USAGE_HOURLY.sums.get(m.field ?? "")}"`);
  // AVG over the events is their sum over their count; as a double, like AVG's result.
  return m.fn === "sum" ? sql`SUM(${col})` : sql`CAST(SUM(${col}) AS DOUBLE PRECISION) / SUM("events")`;
}

/**
 * Whether the hourly table gives exactly what the events would: only its dimensions
 * grouped or filtered, only counts, sums and averages of its summed fields, a range on
 * whole UTC hours, and local time buckets in a zone whose offsets and changes are whole
 * hours over the range (true of nearly every zone; not of India or Nepal, say).
 * Anything else (distinct counts, percentiles, minimums, per-event columns) reads the
 * events.
 */
export function rollupFor(report: CheckedReport): RollupSource | undefined {
  const { dataset, definition, range, aggregated } = report;
  if (!aggregated || dataset.key !== USAGE_HOURLY.dataset) return undefined;
  if (range.fromMs % HOUR !== 0 || range.toMs % HOUR !== 0) return undefined;
  for (const c of report.columns) {
    if (c.kind === "field" && !USAGE_HOURLY.dimensions.has(c.key)) return undefined;
  }
  if (definition.filters.some((f) => !USAGE_HOURLY.dimensions.has(f.field))) return undefined;
  const measurable = (m: ReportMeasure) =>
    m.fn === "count" || ((m.fn === "sum" || m.fn === "avg") && USAGE_HOURLY.sums.has(m.field ?? ""));
  if (!definition.measures.every(measurable)) return undefined;
  if (definition.timeBucket && report.columns.some((c) => c.kind === "bucket")) {
    const wholeHours = offsetSegments(range.timezone, range.fromMs, range.toMs).every(
      (s) => s.offset % HOUR === 0 && s.from % HOUR === 0,
    );
    if (!wholeHours) return undefined;
  }
  return {
    table: USAGE_HOURLY.table,
    timeColumn: USAGE_HOURLY.timeColumn,
    measure: usageMeasure,
    column: (field) => USAGE_HOURLY.sums.get(field),
  };
}
