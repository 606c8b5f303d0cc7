// Shapes the reports API returns, shared by the route handlers and the builder UI.
import type { FieldFormat } from "./catalog";
import type { ReportDefinition, TimeBucket } from "./definition";

export type OutputType = "string" | "integer" | "number" | "datetime" | "date" | "hour";

export interface OutputColumn {
  key: string;
  label: string;
  /** datetime: an instant (ISO 8601 in JSON); date: a local YYYY-MM-DD; hour: a local "YYYY-MM-DD HH:00". */
  type: OutputType;
  format: FieldFormat | "hour";
  unit?: "ms" | "USD";
  sensitive: boolean;
  /** Set when masking replaces only the personal parts of the value (audit details). */
  masking?: "audit_details";
  kind: "field" | "bucket" | "measure";
  bucket?: TimeBucket;
}

export interface Notice {
  code: "limit_clamped" | "limit_reached" | "range_clamped" | "columns_defaulted" | "partial_buckets" | "export_choice";
  message: string;
  /** partial_buckets: the bucket values (as in the rows) whose figures cover less than their whole period. */
  buckets?: string[];
}

export type CellValue = string | number | null;

export interface PreviewResult {
  columns: OutputColumn[];
  rows: Record<string, CellValue>[];
  /** Rows in the whole result before the limit. */
  totalCount: number;
  /** The row limit that applied. */
  limit: number;
  /** True when the limit cut the result (totalCount > limit). */
  limited: boolean;
  page: number;
  pageSize: number;
  range: { from: string; to: string; timezone: string };
  notices: Notice[];
}

export interface ReportSummary {
  id: string;
  name: string;
  description: string;
  dataset: string;
  templateKey: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReportDetail extends ReportSummary {
  definition: ReportDefinition;
}

/** How sensitive fields leave Chartroom: pseudonymised ("masked") or as stored ("raw", admins only). */
export const REDACTIONS = ["masked", "raw"] as const;
export type Redaction = (typeof REDACTIONS)[number];

/** What a headline figure is: a measure's function, or "rows" for a report without measures. */
export type TotalKind = "rows" | "count" | "count_distinct" | "sum" | "avg" | "min" | "max" | "p50" | "p95";

/** One measure evaluated by the engine over everything the range and filters select. */
export interface MeasureTotal {
  key: string;
  label: string;
  kind: TotalKind;
  /** null when no row has a value. */
  value: number | null;
}

/**
 * The report's grand totals: each measure over the whole range and filters (no grouping,
 * no row limit), and the rows the report has before its limit.
 */
export interface ReportTotals {
  rows: number;
  measures: MeasureTotal[];
}

/**
 * A report's chart, computed on the server over the report's whole result (never one page
 * of it): one point per x value, each series a key of the points, colours from the shared
 * palette. Cartesian charts fill `points` and `series`, pies `slices`.
 */
export interface ChartSeriesResult {
  kind: "cartesian" | "pie" | "empty";
  type: "line" | "bar" | "area" | "pie";
  title: string;
  x: OutputColumn | null;
  y: OutputColumn | null;
  /** `x` holds the cell value of the x column (a date, a category); `s0`, `s1`… the series' values. */
  points: Record<string, CellValue>[];
  series: { key: string; label: string; color: string }[];
  slices: { label: string; value: number; color: string }[];
  /** What the chart leaves out or combines ("3 smaller series are combined as Other"). */
  notes: string[];
  /** Why an empty chart is empty. */
  detail?: string;
}
