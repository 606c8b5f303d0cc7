// The builder's editable state ("draft") and its translation to and from a report definition.
// Inputs keep the text people typed; the definition gets typed values (numbers, ISO instants,
// arrays), and anything not yet usable becomes a local problem instead of a request.

import type { CatalogDataset, CatalogField } from "@/lib/reports/catalog";
import {
  BUCKET_KEY,
  CASE_OPS,
  DEFAULT_ROW_LIMIT,
  DEFINITION_VERSION,
  isAggregated,
  measureKey,
  type ChartType,
  type FilterOp,
  type MeasureFn,
  type RelativePreset,
  type ReportDefinition,
  type ReportDefinitionInput,
  type TimeBucket,
} from "@/lib/reports/definition";
import type { ReportDetail } from "@/lib/reports/types";
import { addDays, isIsoDate, localDate, offsetAt, zonedTimeToUtc } from "@/lib/time/zone";
import type { Issue } from "./issues";

export interface FilterDraft {
  id: string;
  field: string;
  op: FilterOp;
  /** The value as typed: one value, a comma-separated list, or the start of a "between". */
  value: string;
  /** The end of a "between". */
  to: string;
  /** Text comparisons only: ignore the case of A–Z. */
  ignoreCase?: boolean;
}

export interface MeasureDraft {
  id: string;
  fn: MeasureFn;
  /** "" until chosen; unused by count. */
  field: string;
  /** A saved report's own name for the column; dropped once the measure changes. */
  label?: string;
}

export type RangeChoice = RelativePreset | "custom";

export interface SortDraft {
  key: string;
  dir: "asc" | "desc";
}

export interface Draft {
  name: string;
  description: string;
  dataset: string;
  columns: string[];
  filters: FilterDraft[];
  range: RangeChoice;
  rangeFrom: string;
  rangeTo: string;
  groupBy: string[];
  timeBucket: TimeBucket | null;
  measures: MeasureDraft[];
  sort: SortDraft[];
  limit: string;
  chart: { type: ChartType; x: string; y: string };
}

export const DEFAULT_NAME = "Untitled report";

let idCounter = 0;
export function newRowId(): string {
  idCounter += 1;
  return `row-${idCounter}`;
}

// ---------- Labels ----------

export const PRESET_LABELS: Record<RelativePreset, string> = {
  today: "Today",
  yesterday: "Yesterday",
  last_7_days: "Last 7 days",
  last_30_days: "Last 30 days",
  last_90_days: "Last 90 days",
  this_week: "This week",
  previous_week: "Previous week",
  this_month: "This month",
  previous_month: "Previous month",
  this_quarter: "This quarter",
  previous_quarter: "Previous quarter",
};

export const BUCKET_LABELS: Record<TimeBucket, string> = {
  hour: "Hour",
  day: "Day",
  week: "Week",
  month: "Month",
};

export const FN_LABELS: Record<MeasureFn, string> = {
  count: "Count",
  count_distinct: "Count distinct",
  sum: "Sum",
  avg: "Average",
  min: "Minimum",
  max: "Maximum",
  p50: "Median (p50)",
  p95: "95th percentile (p95)",
};

export const CHART_LABELS: Record<ChartType, string> = {
  none: "None",
  line: "Line",
  bar: "Bar",
  area: "Area",
  pie: "Pie",
};

const STRING_OPS: readonly FilterOp[] = ["eq", "neq", "in", "not_in", "contains", "is_empty", "is_not_empty"];
const NUMBER_OPS: readonly FilterOp[] = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "in",
  "not_in",
  "is_empty",
  "is_not_empty",
];
const DATETIME_OPS: readonly FilterOp[] = ["gt", "gte", "lt", "lte", "between", "is_empty", "is_not_empty"];

const OP_LABELS: Record<FilterOp, string> = {
  eq: "is",
  neq: "is not",
  in: "is one of",
  not_in: "is not one of",
  contains: "contains",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  between: "between",
  is_empty: "is empty",
  is_not_empty: "is not empty",
};

const DATETIME_OP_LABELS: Partial<Record<FilterOp, string>> = {
  gt: "after",
  gte: "on or after",
  lt: "before",
  lte: "on or before",
};

export function isNumeric(field: Pick<CatalogField, "type">): boolean {
  return field.type === "integer" || field.type === "number";
}

export function opsFor(field: CatalogField | undefined): readonly FilterOp[] {
  if (!field) return STRING_OPS;
  if (field.type === "datetime") return DATETIME_OPS;
  return isNumeric(field) ? NUMBER_OPS : STRING_OPS;
}

export function opLabel(op: FilterOp, field: CatalogField | undefined): string {
  return (field?.type === "datetime" ? DATETIME_OP_LABELS[op] : undefined) ?? OP_LABELS[op];
}

export function opTakesValue(op: FilterOp): boolean {
  return op !== "is_empty" && op !== "is_not_empty";
}

export function opTakesList(op: FilterOp): boolean {
  return op === "in" || op === "not_in";
}

/** Whether "ignore case" means something for this operator on this field ("contains" always ignores it). */
export function opTakesIgnoreCase(op: FilterOp, field: CatalogField | undefined): boolean {
  return field?.type === "string" && (CASE_OPS as readonly FilterOp[]).includes(op);
}

/** The fields a measure function can read. */
export function measureFields(dataset: CatalogDataset, fn: MeasureFn): CatalogField[] {
  switch (fn) {
    case "count":
      return [];
    case "count_distinct":
      return dataset.fields;
    case "min":
    case "max":
      return dataset.fields.filter((f) => isNumeric(f) || f.type === "datetime");
    default:
      return dataset.fields.filter(isNumeric);
  }
}

export function groupableFields(dataset: CatalogDataset): CatalogField[] {
  return dataset.fields.filter((f) => f.role === "dimension" && f.type === "string");
}

export function fieldOf(dataset: CatalogDataset | undefined, key: string): CatalogField | undefined {
  return dataset?.fields.find((f) => f.key === key);
}

// ---------- Output columns, as the builder expects them ----------

export interface PlannedColumn {
  key: string;
  label: string;
  kind: "field" | "bucket" | "measure";
  numeric: boolean;
  temporal: boolean;
}

const MEASURE_LABELS: Record<MeasureFn, string> = {
  count: "Count",
  count_distinct: "Unique",
  sum: "Total",
  avg: "Average",
  min: "Minimum",
  max: "Maximum",
  p50: "Median",
  p95: "95th percentile",
};

/** The label the server gives a measure column ("Total revenue"), shown until the preview answers. */
function measureLabel(dataset: CatalogDataset, m: MeasureDraft): string {
  if (m.label) return m.label;
  if (m.fn === "count") return MEASURE_LABELS.count;
  const field = fieldOf(dataset, m.field)?.label ?? m.field;
  return `${MEASURE_LABELS[m.fn]} ${field.toLowerCase()}`;
}

export function draftIsAggregated(draft: Pick<Draft, "groupBy" | "timeBucket" | "measures">): boolean {
  return isAggregated(draft);
}

/** The columns the preview will have, so chart axes and sorting can be offered before it answers. */
export function plannedColumns(draft: Draft, dataset: CatalogDataset | undefined): PlannedColumn[] {
  if (!dataset) return [];
  if (!draftIsAggregated(draft)) {
    // With no columns chosen the server shows the dataset's defaults (and says so).
    const keys = draft.columns.length > 0 ? draft.columns : dataset.defaultColumns;
    return keys.flatMap((key) => {
      const f = fieldOf(dataset, key);
      return f
        ? [{ key, label: f.label, kind: "field" as const, numeric: isNumeric(f), temporal: f.type === "datetime" }]
        : [];
    });
  }
  const out: PlannedColumn[] = [];
  if (draft.timeBucket) {
    const label = draft.timeBucket === "week" ? "Week of" : BUCKET_LABELS[draft.timeBucket];
    out.push({ key: BUCKET_KEY, label, kind: "bucket", numeric: false, temporal: true });
  }
  for (const key of draft.groupBy) {
    const f = fieldOf(dataset, key);
    if (f) out.push({ key, label: f.label, kind: "field", numeric: false, temporal: false });
  }
  // Grouping without measures counts rows.
  const measures: MeasureDraft[] = draft.measures.length > 0 ? draft.measures : [{ id: "", fn: "count", field: "" }];
  for (const m of measures) {
    if (m.fn !== "count" && !m.field) continue;
    const f = fieldOf(dataset, m.field);
    const temporal = (m.fn === "min" || m.fn === "max") && f?.type === "datetime";
    out.push({ key: measureKey(m), label: measureLabel(dataset, m), kind: "measure", numeric: !temporal, temporal });
  }
  return out;
}

export function defaultChartAxes(columns: PlannedColumn[]): { x: string; y: string } {
  const numeric = columns.filter((c) => c.numeric);
  const measures = numeric.filter((c) => c.kind === "measure");
  const y = (measures[0] ?? numeric[0])?.key ?? "";
  const bucket = columns.find((c) => c.kind === "bucket");
  const temporal = columns.find((c) => c.temporal && c.key !== y);
  const dimension = columns.find((c) => c.kind === "field" && !c.numeric && !c.temporal);
  const x = (bucket ?? temporal ?? dimension ?? columns.find((c) => c.key !== y))?.key ?? "";
  return { x, y };
}

/**
 * Keeps derived parts of the draft consistent after any edit: sorting only by columns that
 * exist, and a chart with axes that exist.
 */
export function normalizeDraft(draft: Draft, dataset: CatalogDataset | undefined): Draft {
  const columns = plannedColumns(draft, dataset);
  const keys = new Set(columns.map((c) => c.key));
  const sort = draft.sort.filter((s) => keys.has(s.key));
  let chart = draft.chart;
  if (chart.type !== "none") {
    const defaults = defaultChartAxes(columns);
    const numericKeys = new Set(columns.filter((c) => c.numeric).map((c) => c.key));
    const x = keys.has(chart.x) ? chart.x : defaults.x;
    const y = numericKeys.has(chart.y) ? chart.y : defaults.y;
    if (x !== chart.x || y !== chart.y) chart = { ...chart, x, y };
  }
  if (sort.length === draft.sort.length && chart === draft.chart) return draft;
  return { ...draft, sort, chart };
}

// ---------- Dates ----------

/** Today's calendar date in the zone. */
export function todayIn(timeZone: string, now: number = Date.now()): string {
  return localDate(timeZone, now);
}

const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** A datetime-local value ("2025-11-03T14:05"), read as wall time in the zone, as an ISO instant. */
export function wallTimeToIso(value: string, timeZone: string): string | null {
  const m = WALL_RE.exec(value);
  if (!m || !isIsoDate(`${m[1]}-${m[2]}-${m[3]}`) || +m[4] > 23 || +m[5] > 59) return null;
  return new Date(zonedTimeToUtc(timeZone, +m[1], +m[2], +m[3], +m[4], +m[5])).toISOString();
}

/** The reverse of wallTimeToIso; date-only values become midnight. */
export function isoToWallTime(value: string, timeZone: string): string {
  if (isIsoDate(value)) return `${value}T00:00`;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  return new Date(ms + offsetAt(timeZone, ms)).toISOString().slice(0, 16);
}

// ---------- Draft <-> definition ----------

export function emptyDraft(dataset: CatalogDataset | undefined, timeZone: string): Draft {
  const today = todayIn(timeZone);
  return {
    name: DEFAULT_NAME,
    description: "",
    dataset: dataset?.key ?? "",
    columns: dataset ? [...dataset.defaultColumns] : [],
    filters: [],
    range: "last_30_days",
    rangeFrom: addDays(today, -29),
    rangeTo: today,
    groupBy: [],
    timeBucket: null,
    measures: [],
    sort: [],
    limit: String(DEFAULT_ROW_LIMIT),
    chart: { type: "none", x: "", y: "" },
  };
}

function valueToText(
  value: ReportDefinition["filters"][number]["value"],
  field: CatalogField | undefined,
  timeZone: string,
) {
  const one = (v: string | number) =>
    field?.type === "datetime" && typeof v === "string" ? isoToWallTime(v, timeZone) : String(v);
  if (value === undefined) return "";
  return Array.isArray(value) ? value.map(one).join(", ") : one(value);
}

export function draftFromReport(report: ReportDetail, datasets: CatalogDataset[], timeZone: string): Draft {
  const def = report.definition;
  const dataset = datasets.find((d) => d.key === def.dataset);
  const base = emptyDraft(undefined, timeZone);
  const range = def.timeRange;
  const draft: Draft = {
    name: report.name,
    description: report.description,
    dataset: def.dataset,
    columns: [...def.columns],
    filters: def.filters.map((f) => {
      const field = fieldOf(dataset, f.field);
      const pair = f.op === "between" && Array.isArray(f.value) ? f.value : null;
      return {
        id: newRowId(),
        field: f.field,
        op: f.op,
        value: pair ? valueToText(pair[0], field, timeZone) : valueToText(f.value, field, timeZone),
        to: pair ? valueToText(pair[1], field, timeZone) : "",
        ...(f.ignoreCase ? { ignoreCase: true } : {}),
      };
    }),
    range: range.type === "relative" ? range.preset : "custom",
    rangeFrom: range.type === "absolute" ? range.from : base.rangeFrom,
    rangeTo: range.type === "absolute" ? range.to : base.rangeTo,
    groupBy: [...def.groupBy],
    timeBucket: def.timeBucket,
    measures: def.measures.map((m) => ({ id: newRowId(), fn: m.fn, field: m.field ?? "", label: m.label })),
    sort: def.sort.map((s) => ({ key: s.key, dir: s.dir })),
    limit: String(def.limit),
    chart: { type: def.chart.type, x: def.chart.x ?? "", y: def.chart.y?.[0] ?? "" },
  };
  return normalizeDraft(draft, dataset);
}

/** Changing dataset starts the definition over on the new dataset's default columns. */
export function switchDataset(draft: Draft, dataset: CatalogDataset): Draft {
  return {
    ...draft,
    dataset: dataset.key,
    columns: [...dataset.defaultColumns],
    filters: [],
    groupBy: [],
    timeBucket: null,
    measures: [],
    sort: [],
    chart: { type: "none", x: "", y: "" },
  };
}

export function newFilter(dataset: CatalogDataset): FilterDraft {
  const field =
    dataset.fields.find((f) => f.type === "string" && f.role === "dimension" && !f.sensitive) ?? dataset.fields[0];
  return { id: newRowId(), field: field?.key ?? "", op: defaultOp(field), value: "", to: "" };
}

export function defaultOp(field: CatalogField | undefined): FilterOp {
  return field?.type === "datetime" ? "gte" : "eq";
}

export function newMeasure(existing: MeasureDraft[]): MeasureDraft {
  return existing.some((m) => m.fn === "count")
    ? { id: newRowId(), fn: "sum", field: "" }
    : { id: newRowId(), fn: "count", field: "" };
}

const INTEGER_RE = /^\d+$/;

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

type Scalar = string | number;

/** One typed value from typed text; null when it is not usable yet. */
function parseScalar(text: string, field: CatalogField, timeZone: string): Scalar | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (isNumeric(field)) {
    const n = Number(trimmed);
    if (!Number.isFinite(n)) return null;
    return field.type === "integer" && !Number.isInteger(n) ? null : n;
  }
  if (field.type === "datetime") return wallTimeToIso(trimmed, timeZone);
  return trimmed;
}

function filterValue(
  f: FilterDraft,
  field: CatalogField,
  timeZone: string,
): { value?: Scalar | Scalar[]; problem?: string } {
  if (!opTakesValue(f.op)) return {};
  const what =
    field.type === "integer"
      ? "a whole number"
      : field.type === "number"
        ? "a number"
        : field.type === "datetime"
          ? "a date and time"
          : "a value";
  if (opTakesList(f.op)) {
    const parts = splitList(f.value);
    if (parts.length === 0) return { problem: "Enter at least one value, separated by commas." };
    const values = parts.map((p) => parseScalar(p, field, timeZone));
    if (values.some((v) => v === null)) {
      return { problem: `Enter ${field.type === "integer" ? "whole numbers" : "numbers"} separated by commas.` };
    }
    return { value: values.filter((v): v is Scalar => v !== null) };
  }
  if (f.op === "between") {
    const from = parseScalar(f.value, field, timeZone);
    const to = parseScalar(f.to, field, timeZone);
    if (from === null || to === null) return { problem: `Enter ${what} for both ends of the range.` };
    if (from > to) return { problem: "The start of the range must not be after its end." };
    return { value: [from, to] };
  }
  const value = parseScalar(f.value, field, timeZone);
  if (value === null) return { problem: `Enter ${what}.` };
  return { value };
}

export interface BuiltDefinition {
  definition: ReportDefinitionInput;
  /** Problems found locally; while there are any, the definition is not sent. */
  problems: Issue[];
}

/** The definition to send, plus what is still missing; incomplete rows are left out of the definition. */
export function buildDefinition(draft: Draft, dataset: CatalogDataset | undefined, timeZone: string): BuiltDefinition {
  const problems: Issue[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message, local: true });

  if (!dataset) problem("definition.dataset", "Choose a dataset.");

  const filters: NonNullable<ReportDefinitionInput["filters"]> = [];
  draft.filters.forEach((f, i) => {
    const field = fieldOf(dataset, f.field);
    if (!field) {
      problem(`definition.filters.${i}.field`, "Choose a field to filter on.");
      return;
    }
    const { value, problem: message } = filterValue(f, field, timeZone);
    if (message) problem(`definition.filters.${i}.value`, message);
    const ignoreCase = f.ignoreCase === true && opTakesIgnoreCase(f.op, field) ? { ignoreCase: true } : {};
    filters.push(
      value === undefined
        ? { field: f.field, op: f.op, ...ignoreCase }
        : { field: f.field, op: f.op, value, ...ignoreCase },
    );
  });

  const seen = new Set<string>();
  const measures: NonNullable<ReportDefinitionInput["measures"]> = [];
  draft.measures.forEach((m, i) => {
    const label = m.label ? { label: m.label } : {};
    if (m.fn === "count") {
      measures.push({ fn: "count", ...label });
    } else if (!m.field || !dataset || !measureFields(dataset, m.fn).some((f) => f.key === m.field)) {
      problem(`definition.measures.${i}.field`, "Choose a field for this measure.");
      return;
    } else {
      measures.push({ fn: m.fn, field: m.field, ...label });
    }
    const key = measureKey(m);
    if (seen.has(key)) problem(`definition.measures.${i}`, "This measure is already in the report.");
    seen.add(key);
  });

  let timeRange: NonNullable<ReportDefinitionInput["timeRange"]>;
  if (draft.range === "custom") {
    if (!isIsoDate(draft.rangeFrom) || !isIsoDate(draft.rangeTo)) {
      problem("definition.timeRange", "Enter a valid start and end date.");
    } else if (draft.rangeFrom > draft.rangeTo) {
      problem("definition.timeRange", "The start date must be on or before the end date.");
    }
    timeRange = { type: "absolute", from: draft.rangeFrom, to: draft.rangeTo };
  } else {
    timeRange = { type: "relative", preset: draft.range };
  }

  const limitText = draft.limit.trim();
  const limit = INTEGER_RE.test(limitText) ? Number(limitText) : Number.NaN;
  if (!Number.isSafeInteger(limit) || limit < 1)
    problem("definition.limit", "Enter a whole number of rows, 1 or more.");

  let chart: NonNullable<ReportDefinitionInput["chart"]> = { type: "none" };
  if (draft.chart.type !== "none") {
    if (!draft.chart.x || !draft.chart.y) {
      problem("definition.chart", "Add a measure or a numeric column to draw a chart.");
    } else {
      chart = { type: draft.chart.type, x: draft.chart.x, y: [draft.chart.y] };
    }
  }

  return {
    definition: {
      version: DEFINITION_VERSION,
      dataset: draft.dataset,
      columns: draft.columns,
      filters,
      timeRange,
      groupBy: draft.groupBy,
      timeBucket: draft.timeBucket,
      measures,
      sort: draft.sort,
      limit: Number.isSafeInteger(limit) && limit >= 1 ? limit : DEFAULT_ROW_LIMIT,
      chart,
    },
    problems,
  };
}

/** What "unsaved changes" compares: everything a save would send. */
export function draftSnapshot(draft: Draft, dataset: CatalogDataset | undefined, timeZone: string): string {
  const { definition } = buildDefinition(draft, dataset, timeZone);
  // Rows still being filled in are left out of the definition, but they are still changes.
  const pending = {
    filters: draft.filters.map((f) => [f.field, f.op, f.value, f.to, f.ignoreCase === true]),
    measures: draft.measures.map((m) => [m.fn, m.field]),
    limit: draft.limit,
    range: draft.range === "custom" ? [draft.rangeFrom, draft.rangeTo] : draft.range,
  };
  return JSON.stringify({ name: draft.name.trim(), description: draft.description.trim(), definition, pending });
}
