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
  code: "limit_clamped" | "limit_reached" | "range_clamped" | "columns_defaulted" | "partial_buckets";
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
