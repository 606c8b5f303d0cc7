import { ApiError, fromZodError, type ErrorIssue } from "../errors";
import { getDataset, getField, type DatasetDef, type FieldDef } from "./catalog";
import {
  CASE_OPS,
  BUCKET_KEY,
  definitionSchema,
  isAggregated,
  MAX_ROW_LIMIT,
  measureKey,
  type FilterOp,
  type ReportDefinition,
  type ReportFilter,
  type ReportMeasure,
} from "./definition";
import { DATE_BOUNDS_TEXT, dateOutOfBounds, instantInBounds } from "../time/bounds";
import { isoInZone } from "../time/iso";
import { partialBuckets, partialBucketsNotice, resolveTimeRange, type ResolvedRange } from "./time-range";
import type { Redaction } from "./types";
import type { Notice, OutputColumn, OutputType } from "./types";
import { formatInteger } from "../format/numbers";

/** A definition that fits the catalog, with everything the engine needs resolved. */
export interface CheckedReport {
  definition: ReportDefinition;
  dataset: DatasetDef;
  aggregated: boolean;
  columns: OutputColumn[];
  range: ResolvedRange;
  notices: Notice[];
  /** How sensitive fields come out of the engine; raw when unset (internal callers). */
  redaction?: Redaction;
}

const NUMERIC = new Set(["integer", "number"]);
const INT32_MAX = 2_147_483_647;

const OPS_BY_TYPE: Record<FieldDef["type"], readonly FilterOp[]> = {
  string: ["eq", "neq", "in", "not_in", "contains", "is_empty", "is_not_empty"],
  integer: ["eq", "neq", "gt", "gte", "lt", "lte", "between", "in", "not_in", "is_empty", "is_not_empty"],
  number: ["eq", "neq", "gt", "gte", "lt", "lte", "between", "in", "not_in", "is_empty", "is_not_empty"],
  datetime: ["gt", "gte", "lt", "lte", "between", "is_empty", "is_not_empty"],
};

const MEASURE_LABEL: Record<ReportMeasure["fn"], (label: string) => string> = {
  count: () => "Count",
  count_distinct: (l) => `Unique ${l.toLowerCase()}`,
  sum: (l) => `Total ${l.toLowerCase()}`,
  avg: (l) => `Average ${l.toLowerCase()}`,
  min: (l) => `Minimum ${l.toLowerCase()}`,
  max: (l) => `Maximum ${l.toLowerCase()}`,
  p50: (l) => `Median ${l.toLowerCase()}`,
  p95: (l) => `95th percentile ${l.toLowerCase()}`,
};

export function operatorsFor(type: FieldDef["type"]): readonly FilterOp[] {
  return OPS_BY_TYPE[type];
}

function fieldColumn(field: FieldDef): OutputColumn {
  return {
    key: field.key,
    label: field.label,
    type: field.type,
    format: field.format,
    ...(field.unit ? { unit: field.unit } : {}),
    sensitive: field.sensitive ?? false,
    ...(field.masking ? { masking: field.masking } : {}),
    kind: "field",
  };
}

function measureColumn(m: ReportMeasure, field: FieldDef | undefined): OutputColumn {
  const key = measureKey(m);
  const label = m.label ?? MEASURE_LABEL[m.fn](field?.label ?? "");
  if (m.fn === "count" || m.fn === "count_distinct") {
    return { key, label, type: "integer", format: "integer", sensitive: false, kind: "measure" };
  }
  const f = field!;
  const type: OutputType = m.fn === "sum" || m.fn === "min" || m.fn === "max" ? f.type : "number";
  return {
    key,
    label,
    type,
    format: f.format,
    ...(f.unit ? { unit: f.unit } : {}),
    sensitive: false,
    kind: "measure",
  };
}

function isDateTimeValue(v: unknown): boolean {
  return (
    typeof v === "string" &&
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) &&
    !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v))
  );
}

function checkValue(field: FieldDef, value: unknown): string | null {
  if (field.type === "string") return typeof value === "string" ? null : `must be text for ${field.label}`;
  if (NUMERIC.has(field.type)) {
    if (typeof value !== "number") return `must be a number for ${field.label}`;
    if (field.type === "integer" && !Number.isInteger(value)) return `must be a whole number for ${field.label}`;
    // Integer columns are 32-bit on both databases; a wider value could not be compared there.
    if (field.type === "integer" && Math.abs(value) > INT32_MAX)
      return `must be between -${INT32_MAX} and ${INT32_MAX} for ${field.label}`;
    return null;
  }
  if (!isDateTimeValue(value)) return `must be a date or date-time (ISO 8601) for ${field.label}`;
  const text = value as string;
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (dateOutOfBounds(text.slice(0, 10)) || !instantInBounds(ms))
    return `must lie ${DATE_BOUNDS_TEXT} for ${field.label}`;
  return null;
}

function checkFilter(dataset: DatasetDef, filter: ReportFilter, path: string, issues: ErrorIssue[]) {
  const field = getField(dataset, filter.field);
  if (!field) {
    issues.push({ path: `${path}.field`, message: `Unknown field "${filter.field}" in ${dataset.label}.` });
    return;
  }
  if (!OPS_BY_TYPE[field.type].includes(filter.op)) {
    issues.push({ path: `${path}.op`, message: `Operator "${filter.op}" does not apply to ${field.label}.` });
    return;
  }
  if (filter.ignoreCase && (field.type !== "string" || !(CASE_OPS as readonly string[]).includes(filter.op))) {
    const what = field.type === "string" ? `"${filter.op}"` : field.label;
    issues.push({ path: `${path}.ignoreCase`, message: `Ignoring case applies to text comparisons, not to ${what}.` });
    return;
  }
  const value = filter.value;
  if (filter.op === "is_empty" || filter.op === "is_not_empty") return;
  if (value === undefined) {
    issues.push({ path: `${path}.value`, message: `A value is needed for ${field.label}.` });
    return;
  }
  const list = filter.op === "in" || filter.op === "not_in";
  if (list || filter.op === "between") {
    if (!Array.isArray(value) || value.length === 0) {
      issues.push({ path: `${path}.value`, message: `Give a list of values for ${field.label}.` });
      return;
    }
    if (filter.op === "between" && value.length !== 2) {
      issues.push({ path: `${path}.value`, message: `"between" needs exactly two values: [from, to].` });
      return;
    }
    value.forEach((v, i) => {
      const problem = checkValue(field, v);
      if (problem) issues.push({ path: `${path}.value.${i}`, message: `Value ${problem}.` });
    });
    return;
  }
  if (Array.isArray(value)) {
    issues.push({ path: `${path}.value`, message: `Give one value for "${filter.op}", not a list.` });
    return;
  }
  const problem = checkValue(field, value);
  if (problem) issues.push({ path: `${path}.value`, message: `Value ${problem}.` });
}

function checkMeasure(dataset: DatasetDef, m: ReportMeasure, path: string, issues: ErrorIssue[]): FieldDef | undefined {
  if (m.fn === "count") return undefined;
  if (!m.field) {
    issues.push({ path: `${path}.field`, message: `"${m.fn}" needs a field.` });
    return undefined;
  }
  const field = getField(dataset, m.field);
  if (!field) {
    issues.push({ path: `${path}.field`, message: `Unknown field "${m.field}" in ${dataset.label}.` });
    return undefined;
  }
  const numeric = NUMERIC.has(field.type);
  const ok =
    m.fn === "count_distinct" ||
    ((m.fn === "min" || m.fn === "max") && (numeric || field.type === "datetime")) ||
    numeric;
  if (!ok) {
    issues.push({ path: `${path}.fn`, message: `"${m.fn}" cannot be computed over ${field.label} (${field.type}).` });
    return undefined;
  }
  return field;
}

/**
 * Checks a definition's structure (400) and its fit to the catalog (422), and resolves
 * its output columns and time range. `prefix` is where the definition sits in the
 * request, so error paths point at the right input.
 */
export function checkDefinition(
  input: unknown,
  options: { timezone: string; now?: number; prefix?: string },
): CheckedReport {
  const prefix = options.prefix ?? "definition";
  const parsed = definitionSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, prefix);
  const definition = { ...parsed.data };
  const at = (p: string) => `${prefix}.${p}`;

  const dataset = getDataset(definition.dataset);
  if (!dataset) {
    throw new ApiError("unprocessable", `Unknown dataset "${definition.dataset}".`, {
      param: at("dataset"),
      issues: [{ path: at("dataset"), message: `Unknown dataset "${definition.dataset}".` }],
    });
  }

  const issues: ErrorIssue[] = [];
  const notices: Notice[] = [];
  const aggregated = isAggregated(definition);
  const columns: OutputColumn[] = [];

  if (aggregated) {
    if (definition.timeBucket) {
      const hour = definition.timeBucket === "hour";
      columns.push({
        key: BUCKET_KEY,
        label: { hour: "Hour", day: "Day", week: "Week of", month: "Month" }[definition.timeBucket],
        type: hour ? "hour" : "date",
        format: hour ? "hour" : "date",
        sensitive: false,
        kind: "bucket",
        bucket: definition.timeBucket,
      });
    }
    definition.groupBy.forEach((key, i) => {
      const field = getField(dataset, key);
      if (!field) issues.push({ path: at(`groupBy.${i}`), message: `Unknown field "${key}" in ${dataset.label}.` });
      else if (field.type === "datetime")
        issues.push({ path: at(`groupBy.${i}`), message: `Group ${field.label} by a time bucket instead.` });
      else if (columns.some((c) => c.key === key))
        issues.push({ path: at(`groupBy.${i}`), message: `${field.label} is grouped twice.` });
      else columns.push(fieldColumn(field));
    });
    if (definition.measures.length === 0) definition.measures = [{ fn: "count" }];
    definition.measures.forEach((m, i) => {
      const field = checkMeasure(dataset, m, at(`measures.${i}`), issues);
      if (m.fn !== "count" && !field) return;
      const column = measureColumn(m, field);
      if (columns.some((c) => c.key === column.key))
        issues.push({ path: at(`measures.${i}`), message: `"${column.label}" is measured twice.` });
      else columns.push(column);
    });
  } else {
    if (definition.columns.length === 0) {
      definition.columns = [...dataset.defaultColumns];
      notices.push({
        code: "columns_defaulted",
        message: `No columns chosen: showing ${dataset.label}'s default columns.`,
      });
    }
    definition.columns.forEach((key, i) => {
      const field = getField(dataset, key);
      if (!field) issues.push({ path: at(`columns.${i}`), message: `Unknown field "${key}" in ${dataset.label}.` });
      else if (columns.some((c) => c.key === key))
        issues.push({ path: at(`columns.${i}`), message: `${field.label} is listed twice.` });
      else columns.push(fieldColumn(field));
    });
  }

  definition.filters.forEach((f, i) => checkFilter(dataset, f, at(`filters.${i}`), issues));

  const outputKeys = new Set(columns.map((c) => c.key));
  definition.sort.forEach((s, i) => {
    if (!outputKeys.has(s.key))
      issues.push({ path: at(`sort.${i}.key`), message: `Can only sort by a column of the report, not "${s.key}".` });
  });
  if (definition.chart.x && !outputKeys.has(definition.chart.x))
    issues.push({ path: at("chart.x"), message: `The chart's x axis must be a column of the report.` });
  definition.chart.y?.forEach((y, i) => {
    if (!outputKeys.has(y))
      issues.push({ path: at(`chart.y.${i}`), message: `The chart's y axis must be a column of the report.` });
  });

  if (definition.timeRange.type === "absolute" && definition.timeRange.from > definition.timeRange.to) {
    issues.push({ path: at("timeRange.from"), message: "The range must start on or before its end." });
  }

  if (issues.length > 0) {
    throw new ApiError("unprocessable", issues[0].message, { param: issues[0].path, issues });
  }

  if (definition.limit > MAX_ROW_LIMIT) {
    notices.push({
      code: "limit_clamped",
      message: `Row limit lowered from ${formatInteger(definition.limit)} to the maximum of ${formatInteger(MAX_ROW_LIMIT)}.`,
    });
    definition.limit = MAX_ROW_LIMIT;
  }

  const now = options.now ?? Date.now();
  const resolved = resolveTimeRange(definition.timeRange, options.timezone, now);
  const partial = aggregated
    ? partialBucketsNotice(
        definition.timeBucket,
        partialBuckets(definition.timeBucket, resolved.range, isoInZone(new Date(now), options.timezone)),
      )
    : null;
  return {
    definition,
    dataset,
    aggregated,
    columns,
    range: resolved.range,
    notices: [...notices, ...resolved.notices, ...(partial ? [partial] : [])],
  };
}
