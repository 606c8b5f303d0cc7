import { z } from "zod";
import { boundedIsoDate } from "../time/bounds";

// A report definition, as stored and as sent by the builder. Structure is checked here;
// meaning (fields exist, types fit) in check.ts against the catalog.

export const DEFINITION_VERSION = 1;
/** Rows a preview or a PDF reads unless the definition asks for fewer. */
export const DEFAULT_ROW_LIMIT = 10_000;
/** The most rows any report may return; larger requests are clamped with a notice. */
export const MAX_ROW_LIMIT = 10_000_000;
/** The longest absolute time range; longer ones are shortened with a notice. */
export const MAX_RANGE_DAYS = 3_660;

export const FILTER_OPS = [
  "eq",
  "neq",
  "in",
  "not_in",
  "contains",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "is_empty",
  "is_not_empty",
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export const RELATIVE_PRESETS = [
  "today",
  "yesterday",
  "last_7_days",
  "last_30_days",
  "last_90_days",
  "this_week",
  "previous_week",
  "this_month",
  "previous_month",
  "this_quarter",
  "previous_quarter",
] as const;
export type RelativePreset = (typeof RELATIVE_PRESETS)[number];

export const TIME_BUCKETS = ["hour", "day", "week", "month"] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];

export const MEASURE_FNS = ["count", "count_distinct", "sum", "avg", "min", "max", "p50", "p95"] as const;
export type MeasureFn = (typeof MEASURE_FNS)[number];

export const CHART_TYPES = ["line", "bar", "area", "pie", "none"] as const;
export type ChartType = (typeof CHART_TYPES)[number];

const key = z.string().min(1).max(64);
const scalar = z.union([z.string().max(1000), z.number().finite()]);

/** Text operators that can ignore case ("contains" always does). */
export const CASE_OPS = ["eq", "neq", "in", "not_in"] as const satisfies readonly FilterOp[];

export const filterSchema = z.object({
  field: key,
  op: z.enum(FILTER_OPS),
  value: z.union([scalar, z.array(scalar).max(1000)]).optional(),
  /**
   * Text filters only: compare ignoring the case of the letters A–Z. Other letters ("É",
   * "ß") must match in the same case, so SQLite and PostgreSQL select the same rows.
   */
  ignoreCase: z.boolean().optional(),
});

const isoDate = boundedIsoDate("The date");

export const timeRangeSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("relative"), preset: z.enum(RELATIVE_PRESETS) }),
  z.object({ type: z.literal("absolute"), from: isoDate, to: isoDate }),
]);

export const measureSchema = z.object({
  fn: z.enum(MEASURE_FNS),
  field: key.optional(),
  label: z.string().trim().min(1).max(100).optional(),
});

export const sortSchema = z.object({ key, dir: z.enum(["asc", "desc"]).default("asc") });

export const chartSchema = z.object({
  type: z.enum(CHART_TYPES).default("none"),
  x: key.optional(),
  y: z.array(key).max(10).optional(),
});

export const definitionSchema = z.object({
  version: z.literal(DEFINITION_VERSION).default(DEFINITION_VERSION),
  dataset: key,
  /** Row-level reports: the fields to show, in order. Ignored when aggregating. */
  columns: z.array(key).max(50).default([]),
  filters: z.array(filterSchema).max(50).default([]),
  timeRange: timeRangeSchema.default({ type: "relative", preset: "last_30_days" }),
  groupBy: z.array(key).max(10).default([]),
  timeBucket: z.enum(TIME_BUCKETS).nullable().default(null),
  measures: z.array(measureSchema).max(20).default([]),
  sort: z.array(sortSchema).max(10).default([]),
  limit: z.number().int().positive().default(DEFAULT_ROW_LIMIT),
  chart: chartSchema.default({ type: "none" }),
});

export type ReportDefinition = z.infer<typeof definitionSchema>;
/** What a client may send: defaults filled in by the server. */
export type ReportDefinitionInput = z.input<typeof definitionSchema>;
export type ReportFilter = z.infer<typeof filterSchema>;
export type ReportMeasure = z.infer<typeof measureSchema>;
export type TimeRange = z.infer<typeof timeRangeSchema>;

export function isAggregated(def: Pick<ReportDefinition, "groupBy" | "timeBucket" | "measures">): boolean {
  return def.groupBy.length > 0 || def.timeBucket !== null || def.measures.length > 0;
}

/** The output column key of a measure: "count", "sum_revenue", "count_distinct_user_id". */
export function measureKey(m: Pick<ReportMeasure, "fn" | "field">): string {
  return m.fn === "count" ? "count" : `${m.fn}_${m.field ?? ""}`;
}

export const BUCKET_KEY = "period";
