import { describe, expect, it } from "vitest";
import { describeCatalog, type CatalogDataset } from "@/lib/reports/catalog";
import { checkDefinition, operatorsFor } from "@/lib/reports/check";
import {
  DEFAULT_ROW_LIMIT,
  FILTER_OPS,
  MEASURE_FNS,
  RELATIVE_PRESETS,
  definitionSchema,
  type ReportDefinition,
} from "@/lib/reports/definition";
import type { ReportDetail } from "@/lib/reports/types";
import {
  BUCKET_LABELS,
  CHART_LABELS,
  DEFAULT_NAME,
  FN_LABELS,
  PRESET_LABELS,
  buildDefinition,
  defaultChartAxes,
  defaultOp,
  draftFromReport,
  draftIsAggregated,
  draftSnapshot,
  emptyDraft,
  fieldOf,
  groupableFields,
  isNumeric,
  isoToWallTime,
  measureFields,
  newFilter,
  newMeasure,
  newRowId,
  normalizeDraft,
  opLabel,
  opTakesList,
  opTakesValue,
  opsFor,
  plannedColumns,
  switchDataset,
  todayIn,
  wallTimeToIso,
  type Draft,
  type FilterDraft,
} from "./draft";

// The real catalog, as the API hands it to the builder.
const catalog = describeCatalog();
const dataset = (key: string): CatalogDataset => {
  const found = catalog.find((d) => d.key === key);
  if (!found) throw new Error(`no dataset ${key}`);
  return found;
};
const usage = dataset("usage_events");
const models = dataset("model_metrics");
const alerts = dataset("alerts");
const field = (d: CatalogDataset, key: string) => {
  const found = fieldOf(d, key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
};

const ZONE = "Europe/Berlin";

function draft(overrides: Partial<Draft> = {}, d: CatalogDataset = usage): Draft {
  return { ...emptyDraft(d, ZONE), ...overrides };
}

function filter(f: Partial<FilterDraft>): FilterDraft {
  return { id: newRowId(), field: "event_type", op: "eq", value: "", to: "", ...f };
}

function report(definition: ReportDefinition, name = "Weekly revenue"): ReportDetail {
  return {
    id: "r1",
    name,
    description: "About revenue",
    dataset: definition.dataset,
    templateKey: null,
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    definition,
  };
}

describe("labels", () => {
  it("name every preset, function and chart type the definition allows", () => {
    expect(Object.keys(PRESET_LABELS).sort()).toEqual([...RELATIVE_PRESETS].sort());
    expect(Object.keys(FN_LABELS).sort()).toEqual([...MEASURE_FNS].sort());
    expect(Object.keys(CHART_LABELS).sort()).toEqual(["area", "bar", "line", "none", "pie"]);
    expect(Object.keys(BUCKET_LABELS).sort()).toEqual(["day", "hour", "month", "week"]);
  });
});

describe("newRowId", () => {
  it("never repeats", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRowId()));
    expect(ids.size).toBe(50);
  });
});

describe("operators", () => {
  it("offer exactly what the server accepts for each field type", () => {
    for (const d of catalog) {
      for (const f of d.fields) expect([...opsFor(f)].sort()).toEqual([...operatorsFor(f.type)].sort());
    }
  });

  it("fall back to string operators without a field", () => {
    expect(opsFor(undefined)).toEqual(operatorsFor("string"));
  });

  it("read as words, with before/after for datetimes", () => {
    const time = field(usage, "occurred_at");
    const plan = field(usage, "plan");
    expect(opLabel("gt", time)).toBe("after");
    expect(opLabel("lte", time)).toBe("on or before");
    expect(opLabel("between", time)).toBe("between");
    expect(opLabel("gt", plan)).toBe(">");
    expect(opLabel("in", undefined)).toBe("is one of");
    for (const op of FILTER_OPS) expect(opLabel(op, plan)).not.toBe("");
  });

  it("know which take a value and which take a list", () => {
    expect(FILTER_OPS.filter((op) => !opTakesValue(op))).toEqual(["is_empty", "is_not_empty"]);
    expect(FILTER_OPS.filter(opTakesList)).toEqual(["in", "not_in"]);
  });

  it("default to 'on or after' for datetimes and 'is' otherwise", () => {
    expect(defaultOp(field(usage, "occurred_at"))).toBe("gte");
    expect(defaultOp(field(usage, "plan"))).toBe("eq");
    expect(defaultOp(undefined)).toBe("eq");
  });
});

describe("fields", () => {
  it("isNumeric is true for integers and numbers only", () => {
    expect(isNumeric({ type: "integer" })).toBe(true);
    expect(isNumeric({ type: "number" })).toBe(true);
    expect(isNumeric({ type: "string" })).toBe(false);
    expect(isNumeric({ type: "datetime" })).toBe(false);
  });

  it("measureFields offers what each function can read", () => {
    const keys = (fn: Parameters<typeof measureFields>[1]) => measureFields(usage, fn).map((f) => f.key);
    expect(keys("count")).toEqual([]);
    expect(keys("count_distinct")).toEqual(usage.fields.map((f) => f.key));
    expect(keys("sum")).toEqual(["duration_ms", "revenue"]);
    expect(keys("p95")).toEqual(["duration_ms", "revenue"]);
    expect(keys("min")).toEqual(["occurred_at", "duration_ms", "revenue"]);
    expect(keys("max")).toEqual(keys("min"));
  });

  it("groupableFields are the string dimensions", () => {
    expect(groupableFields(usage).map((f) => f.key)).toEqual(["user_id", "device_id", "event_type", "plan", "country"]);
    expect(groupableFields(alerts).map((f) => f.key)).toEqual(["severity", "source", "title"]);
  });

  it("fieldOf finds by key and tolerates a missing dataset", () => {
    expect(fieldOf(usage, "plan")?.label).toBe("Plan");
    expect(fieldOf(usage, "nope")).toBeUndefined();
    expect(fieldOf(undefined, "plan")).toBeUndefined();
  });
});

describe("wall time", () => {
  it("reads a datetime-local value in the zone, across DST", () => {
    expect(wallTimeToIso("2025-01-15T10:30", ZONE)).toBe("2025-01-15T09:30:00.000Z");
    expect(wallTimeToIso("2025-07-15T10:30", ZONE)).toBe("2025-07-15T08:30:00.000Z");
    expect(wallTimeToIso("2025-07-15T10:30", "UTC")).toBe("2025-07-15T10:30:00.000Z");
  });

  it("rejects what is not a wall time", () => {
    for (const bad of [
      "",
      "2025-07-15",
      "2025-07-15 10:30",
      "2025-02-30T10:00",
      "2025-07-15T24:00",
      "2025-07-15T10:60",
    ]) {
      expect(wallTimeToIso(bad, ZONE)).toBeNull();
    }
  });

  it("isoToWallTime is its reverse, with dates as midnight and junk passed through", () => {
    for (const wall of ["2025-01-15T10:30", "2025-07-15T00:05", "2025-12-31T23:59"]) {
      const iso = wallTimeToIso(wall, ZONE);
      expect(iso).not.toBeNull();
      expect(isoToWallTime(iso as string, ZONE)).toBe(wall);
    }
    expect(isoToWallTime("2025-03-01", ZONE)).toBe("2025-03-01T00:00");
    expect(isoToWallTime("not a date", ZONE)).toBe("not a date");
  });

  it("reads the hour that repeats when clocks go back as its first occurrence", () => {
    // A datetime-local input cannot tell the two 02:30s of that night apart.
    expect(wallTimeToIso("2025-10-26T02:30", ZONE)).toBe("2025-10-26T00:30:00.000Z");
    expect(isoToWallTime("2025-10-26T01:30:00.000Z", ZONE)).toBe("2025-10-26T02:30");
  });

  it("todayIn is the zone's calendar date", () => {
    const instant = Date.parse("2025-06-30T23:30:00Z");
    expect(todayIn("UTC", instant)).toBe("2025-06-30");
    expect(todayIn(ZONE, instant)).toBe("2025-07-01");
    expect(todayIn("America/Los_Angeles", instant)).toBe("2025-06-30");
  });
});

describe("emptyDraft, switchDataset, newFilter, newMeasure", () => {
  it("starts on the dataset's default columns and the last 30 days", () => {
    const d = emptyDraft(usage, ZONE);
    expect(d.name).toBe(DEFAULT_NAME);
    expect(d.dataset).toBe("usage_events");
    expect(d.columns).toEqual(usage.defaultColumns);
    expect(d.columns).not.toBe(usage.defaultColumns);
    expect(d.range).toBe("last_30_days");
    const days = (Date.parse(d.rangeTo) - Date.parse(d.rangeFrom)) / 86_400_000;
    expect(days).toBe(29);
    expect(d.rangeTo).toBe(todayIn(ZONE));
    expect(d.limit).toBe(String(DEFAULT_ROW_LIMIT));
    expect(emptyDraft(undefined, ZONE)).toMatchObject({ dataset: "", columns: [] });
  });

  it("switching dataset starts the definition over but keeps name, range and limit", () => {
    const before = draft({
      name: "Mine",
      range: "this_month",
      limit: "50",
      groupBy: ["plan"],
      timeBucket: "day",
      filters: [filter({ value: "signup" })],
      measures: [{ id: "m", fn: "count", field: "" }],
      sort: [{ key: "count", dir: "desc" }],
      chart: { type: "bar", x: "plan", y: "count" },
    });
    const after = switchDataset(before, models);
    expect(after).toMatchObject({ name: "Mine", range: "this_month", limit: "50", dataset: "model_metrics" });
    expect(after.columns).toEqual(models.defaultColumns);
    expect(after).toMatchObject({ filters: [], groupBy: [], timeBucket: null, measures: [], sort: [] });
    expect(after.chart).toEqual({ type: "none", x: "", y: "" });
  });

  it("a new filter prefers a non-personal string dimension", () => {
    const f = newFilter(usage);
    expect(f).toMatchObject({ field: "event_type", op: "eq", value: "", to: "" });
    const onlyTime = { ...usage, fields: [field(usage, "occurred_at")] };
    expect(newFilter(onlyTime)).toMatchObject({ field: "occurred_at", op: "gte" });
    expect(newFilter({ ...usage, fields: [] })).toMatchObject({ field: "", op: "eq" });
    expect(newFilter(usage).id).not.toBe(f.id);
  });

  it("a new measure counts first, then sums", () => {
    expect(newMeasure([])).toMatchObject({ fn: "count", field: "" });
    expect(newMeasure([{ id: "a", fn: "count", field: "" }])).toMatchObject({ fn: "sum", field: "" });
    expect(newMeasure([{ id: "a", fn: "avg", field: "revenue" }])).toMatchObject({ fn: "count" });
  });
});

describe("plannedColumns", () => {
  it("is empty without a dataset", () => {
    expect(plannedColumns(draft(), undefined)).toEqual([]);
  });

  it("lists chosen columns for a row-level report, skipping unknown ones", () => {
    const cols = plannedColumns(draft({ columns: ["occurred_at", "ghost", "revenue", "plan"] }), usage);
    expect(cols).toEqual([
      { key: "occurred_at", label: "Time", kind: "field", numeric: false, temporal: true },
      { key: "revenue", label: "Revenue", kind: "field", numeric: true, temporal: false },
      { key: "plan", label: "Plan", kind: "field", numeric: false, temporal: false },
    ]);
  });

  it("falls back to the dataset's defaults when no columns are chosen", () => {
    expect(plannedColumns(draft({ columns: [] }), usage).map((c) => c.key)).toEqual(usage.defaultColumns);
  });

  it("counts rows when grouping without measures", () => {
    const d = draft({ groupBy: ["plan"], timeBucket: "week" });
    expect(draftIsAggregated(d)).toBe(true);
    expect(plannedColumns(d, usage)).toEqual([
      { key: "period", label: "Week of", kind: "bucket", numeric: false, temporal: true },
      { key: "plan", label: "Plan", kind: "field", numeric: false, temporal: false },
      { key: "count", label: "Count", kind: "measure", numeric: true, temporal: false },
    ]);
  });

  it("leaves out measures without a field and marks datetime min/max as temporal", () => {
    const d = draft({
      measures: [
        { id: "a", fn: "sum", field: "" },
        { id: "b", fn: "max", field: "occurred_at" },
        { id: "c", fn: "avg", field: "revenue", label: "Mean spend" },
      ],
    });
    expect(plannedColumns(d, usage)).toEqual([
      { key: "max_occurred_at", label: "Maximum time", kind: "measure", numeric: false, temporal: true },
      { key: "avg_revenue", label: "Mean spend", kind: "measure", numeric: true, temporal: false },
    ]);
  });

  it("names the columns as the server does", () => {
    const d = draft({
      groupBy: ["country"],
      timeBucket: "day",
      measures: [
        { id: "a", fn: "count", field: "" },
        { id: "b", fn: "count_distinct", field: "user_id" },
        { id: "c", fn: "sum", field: "revenue" },
        { id: "d", fn: "p95", field: "duration_ms" },
        { id: "e", fn: "min", field: "occurred_at" },
      ],
    });
    const built = buildDefinition(d, usage, ZONE);
    expect(built.problems).toEqual([]);
    const server = checkDefinition(built.definition, { timezone: ZONE }).columns;
    expect(plannedColumns(d, usage).map((c) => [c.key, c.label])).toEqual(server.map((c) => [c.key, c.label]));
  });
});

describe("defaultChartAxes", () => {
  it("puts time or a dimension on x and the first measure on y", () => {
    const bucketed = plannedColumns(draft({ timeBucket: "day", groupBy: ["plan"] }), usage);
    expect(defaultChartAxes(bucketed)).toEqual({ x: "period", y: "count" });
    const grouped = plannedColumns(
      draft({ groupBy: ["plan"], measures: [{ id: "a", fn: "sum", field: "revenue" }] }),
      usage,
    );
    expect(defaultChartAxes(grouped)).toEqual({ x: "plan", y: "sum_revenue" });
  });

  it("uses a numeric column on a row-level report and nothing when there is nothing", () => {
    expect(defaultChartAxes(plannedColumns(draft({ columns: ["occurred_at", "revenue"] }), usage))).toEqual({
      x: "occurred_at",
      y: "revenue",
    });
    expect(defaultChartAxes(plannedColumns(draft({ columns: ["plan", "country"] }), usage))).toEqual({
      x: "plan",
      y: "",
    });
    expect(defaultChartAxes([])).toEqual({ x: "", y: "" });
  });
});

describe("normalizeDraft", () => {
  it("returns the same object when nothing needs fixing", () => {
    const d = draft({
      groupBy: ["plan"],
      sort: [{ key: "count", dir: "desc" }],
      chart: { type: "bar", x: "plan", y: "count" },
    });
    expect(normalizeDraft(d, usage)).toBe(d);
  });

  it("drops sorting by columns that no longer exist", () => {
    const d = draft({
      sort: [
        { key: "plan", dir: "asc" },
        { key: "sum_revenue", dir: "desc" },
      ],
    });
    expect(normalizeDraft(d, usage).sort).toEqual([{ key: "plan", dir: "asc" }]);
  });

  it("moves chart axes to columns that exist, and y only to a numeric one", () => {
    const d = draft({ groupBy: ["plan"], chart: { type: "line", x: "gone", y: "plan" } });
    expect(normalizeDraft(d, usage).chart).toEqual({ type: "line", x: "plan", y: "count" });
  });

  it("leaves a chart of type none alone", () => {
    const d = draft({ chart: { type: "none", x: "gone", y: "gone" } });
    expect(normalizeDraft(d, usage).chart).toBe(d.chart);
  });
});

describe("buildDefinition", () => {
  const problemsOf = (d: Draft, ds: CatalogDataset | undefined) =>
    buildDefinition(d, ds, ZONE).problems.map((p) => [p.path, p.message]);
  const paths = (d: Draft) => problemsOf(d, usage);

  it("builds a definition the server accepts from a fresh draft", () => {
    const built = buildDefinition(draft(), usage, ZONE);
    expect(built.problems).toEqual([]);
    expect(built.definition).toMatchObject({
      dataset: "usage_events",
      timeRange: { type: "relative", preset: "last_30_days" },
    });
    expect(() => checkDefinition(built.definition, { timezone: ZONE })).not.toThrow();
  });

  it("asks for a dataset", () => {
    expect(problemsOf(draft({ dataset: "" }), undefined)).toContainEqual(["definition.dataset", "Choose a dataset."]);
  });

  it("types filter values by field", () => {
    const built = buildDefinition(
      draft({
        filters: [
          filter({ field: "plan", op: "eq", value: "  pro " }),
          filter({ field: "duration_ms", op: "gt", value: "1500" }),
          filter({ field: "revenue", op: "between", value: "0.5", to: "10" }),
          filter({ field: "country", op: "in", value: "DE, FR,,  US" }),
          filter({ field: "duration_ms", op: "not_in", value: "1,2" }),
          filter({ field: "occurred_at", op: "gte", value: "2025-07-15T10:30" }),
          filter({ field: "user_id", op: "is_empty", value: "ignored" }),
          filter({ field: "duration_ms", op: "between", value: "5", to: "5" }),
        ],
      }),
      usage,
      ZONE,
    );
    expect(built.problems).toEqual([]);
    expect(built.definition.filters).toEqual([
      { field: "plan", op: "eq", value: "pro" },
      { field: "duration_ms", op: "gt", value: 1500 },
      { field: "revenue", op: "between", value: [0.5, 10] },
      { field: "country", op: "in", value: ["DE", "FR", "US"] },
      { field: "duration_ms", op: "not_in", value: [1, 2] },
      { field: "occurred_at", op: "gte", value: "2025-07-15T08:30:00.000Z" },
      { field: "user_id", op: "is_empty" },
      { field: "duration_ms", op: "between", value: [5, 5] },
    ]);
  });

  it("sends ignoreCase only for text comparisons, and reads it back from a saved report", () => {
    const built = buildDefinition(
      draft({
        filters: [
          filter({ field: "plan", op: "eq", value: "PRO", ignoreCase: true }),
          filter({ field: "country", op: "in", value: "de, fr", ignoreCase: true }),
          filter({ field: "plan", op: "contains", value: "o", ignoreCase: true }),
          filter({ field: "duration_ms", op: "eq", value: "5", ignoreCase: true }),
          filter({ field: "plan", op: "neq", value: "free" }),
        ],
      }),
      usage,
      ZONE,
    );
    expect(built.definition.filters).toEqual([
      { field: "plan", op: "eq", value: "PRO", ignoreCase: true },
      { field: "country", op: "in", value: ["de", "fr"], ignoreCase: true },
      { field: "plan", op: "contains", value: "o" },
      { field: "duration_ms", op: "eq", value: 5 },
      { field: "plan", op: "neq", value: "free" },
    ]);
    const checked = checkDefinition(built.definition, { timezone: ZONE }).definition;
    const back = draftFromReport(report(checked), catalog, ZONE);
    expect(back.filters.map((f) => f.ignoreCase === true)).toEqual([true, true, false, false, false]);
  });

  it("names what is wrong with each filter, at its own path", () => {
    const problems = paths(
      draft({
        filters: [
          filter({ field: "", value: "x" }),
          filter({ field: "plan", op: "eq", value: "   " }),
          filter({ field: "duration_ms", op: "eq", value: "1.5" }),
          filter({ field: "revenue", op: "gt", value: "abc" }),
          filter({ field: "occurred_at", op: "lt", value: "yesterday" }),
          filter({ field: "country", op: "in", value: " , " }),
          filter({ field: "duration_ms", op: "in", value: "1, two" }),
          filter({ field: "revenue", op: "in", value: "1, two" }),
          filter({ field: "revenue", op: "between", value: "1", to: "" }),
          filter({ field: "revenue", op: "between", value: "10", to: "2" }),
          filter({ field: "revenue", op: "eq", value: "Infinity" }),
        ],
      }),
    );
    expect(problems).toEqual([
      ["definition.filters.0.field", "Choose a field to filter on."],
      ["definition.filters.1.value", "Enter a value."],
      ["definition.filters.2.value", "Enter a whole number."],
      ["definition.filters.3.value", "Enter a number."],
      ["definition.filters.4.value", "Enter a date and time."],
      ["definition.filters.5.value", "Enter at least one value, separated by commas."],
      ["definition.filters.6.value", "Enter whole numbers separated by commas."],
      ["definition.filters.7.value", "Enter numbers separated by commas."],
      ["definition.filters.8.value", "Enter a number for both ends of the range."],
      ["definition.filters.9.value", "The start of the range must not be after its end."],
      ["definition.filters.10.value", "Enter a number."],
    ]);
    expect(buildDefinition(draft({ filters: [filter({ field: "" })] }), usage, ZONE).problems[0].local).toBe(true);
  });

  it("checks measures: a field each, no duplicates, labels kept", () => {
    const built = buildDefinition(
      draft({
        measures: [
          { id: "a", fn: "count", field: "", label: "Events" },
          { id: "b", fn: "sum", field: "" },
          { id: "c", fn: "sum", field: "plan" },
          { id: "d", fn: "avg", field: "revenue" },
          { id: "e", fn: "avg", field: "revenue" },
          { id: "f", fn: "count", field: "" },
        ],
      }),
      usage,
      ZONE,
    );
    expect(built.problems.map((p) => p.path)).toEqual([
      "definition.measures.1.field",
      "definition.measures.2.field",
      "definition.measures.4",
      "definition.measures.5",
    ]);
    expect(built.definition.measures).toEqual([
      { fn: "count", label: "Events" },
      { fn: "avg", field: "revenue" },
      { fn: "avg", field: "revenue" },
      { fn: "count" },
    ]);
  });

  it("checks a custom time range", () => {
    expect(paths(draft({ range: "custom", rangeFrom: "2025-01-01", rangeTo: "2025-01-31" }))).toEqual([]);
    expect(paths(draft({ range: "custom", rangeFrom: "2025-02-30", rangeTo: "2025-03-01" }))).toEqual([
      ["definition.timeRange", "Enter a valid start and end date."],
    ]);
    expect(paths(draft({ range: "custom", rangeFrom: "2025-03-02", rangeTo: "2025-03-01" }))).toEqual([
      ["definition.timeRange", "The start date must be on or before the end date."],
    ]);
    const built = buildDefinition(
      draft({ range: "custom", rangeFrom: "2025-01-01", rangeTo: "2025-01-01" }),
      usage,
      ZONE,
    );
    expect(built.definition.timeRange).toEqual({ type: "absolute", from: "2025-01-01", to: "2025-01-01" });
  });

  it("accepts only a whole number of rows, 1 or more, and sends the default meanwhile", () => {
    for (const bad of ["", "0", "-3", "2.5", "1e3", "abc", "99999999999999999999"]) {
      const built = buildDefinition(draft({ limit: bad }), usage, ZONE);
      expect(built.problems.map((p) => p.path)).toEqual(["definition.limit"]);
      expect(built.definition.limit).toBe(DEFAULT_ROW_LIMIT);
    }
    expect(buildDefinition(draft({ limit: " 25 " }), usage, ZONE).definition.limit).toBe(25);
  });

  it("asks for chart axes and sends y as a list", () => {
    expect(paths(draft({ chart: { type: "bar", x: "plan", y: "" } }))).toEqual([
      ["definition.chart", "Add a measure or a numeric column to draw a chart."],
    ]);
    const built = buildDefinition(
      draft({ groupBy: ["plan"], chart: { type: "pie", x: "plan", y: "count" } }),
      usage,
      ZONE,
    );
    expect(built.definition.chart).toEqual({ type: "pie", x: "plan", y: ["count"] });
  });
});

describe("draft ⇄ definition", () => {
  const definitions: ReportDefinition[] = [
    definitionSchema.parse({ dataset: "usage_events" }),
    definitionSchema.parse({
      dataset: "usage_events",
      columns: ["occurred_at", "plan", "revenue"],
      filters: [
        { field: "plan", op: "in", value: ["pro", "team"] },
        { field: "revenue", op: "between", value: [1.5, 20] },
        { field: "occurred_at", op: "between", value: ["2025-03-30T00:30:00.000Z", "2025-10-26T03:30:00.000Z"] },
        { field: "device_id", op: "is_not_empty" },
        { field: "country", op: "contains", value: "land" },
      ],
      timeRange: { type: "absolute", from: "2025-01-01", to: "2025-12-31" },
      sort: [{ key: "revenue", dir: "desc" }],
      limit: 500,
      chart: { type: "line", x: "occurred_at", y: ["revenue"] },
    }),
    definitionSchema.parse({
      dataset: "model_metrics",
      groupBy: ["model_name"],
      timeBucket: "week",
      measures: [
        { fn: "avg", field: "accuracy", label: "Mean accuracy" },
        { fn: "count" },
        { fn: "max", field: "recorded_at" },
      ],
      filters: [{ field: "prediction_count", op: "gte", value: 10 }],
      timeRange: { type: "relative", preset: "previous_quarter" },
      sort: [{ key: "period", dir: "asc" }],
      chart: { type: "bar", x: "period", y: ["avg_accuracy"] },
    }),
  ];

  it.each(definitions.map((d, i) => [i, d] as const))("definition %i comes back unchanged", (_i, definition) => {
    const d = draftFromReport(report(definition), catalog, ZONE);
    const built = buildDefinition(d, dataset(definition.dataset), ZONE);
    expect(built.problems).toEqual([]);
    expect(definitionSchema.parse(built.definition)).toEqual(definition);
  });

  it("shows datetimes as wall time in the zone and lists as text", () => {
    const d = draftFromReport(report(definitions[1]), catalog, ZONE);
    expect(d.filters.map((f) => [f.field, f.op, f.value, f.to])).toEqual([
      ["plan", "in", "pro, team", ""],
      ["revenue", "between", "1.5", "20"],
      ["occurred_at", "between", "2025-03-30T01:30", "2025-10-26T04:30"],
      ["device_id", "is_not_empty", "", ""],
      ["country", "contains", "land", ""],
    ]);
    expect(d).toMatchObject({ name: "Weekly revenue", description: "About revenue", range: "custom" });
    expect(d).toMatchObject({ rangeFrom: "2025-01-01", rangeTo: "2025-12-31", limit: "500" });
    expect(d.chart).toEqual({ type: "line", x: "occurred_at", y: "revenue" });
  });

  it("keeps measure labels and gives every row its own id", () => {
    const d = draftFromReport(report(definitions[2]), catalog, ZONE);
    expect(d.measures.map((m) => [m.fn, m.field, m.label])).toEqual([
      ["avg", "accuracy", "Mean accuracy"],
      ["count", "", undefined],
      ["max", "recorded_at", undefined],
    ]);
    expect(new Set(d.measures.map((m) => m.id)).size).toBe(3);
    expect(d.range).toBe("previous_quarter");
  });

  it("repairs a saved chart whose axes no longer exist", () => {
    const broken = { ...definitions[2], chart: { type: "bar" as const, x: "gone", y: ["gone"] } };
    const d = draftFromReport(report(broken), catalog, ZONE);
    expect(d.chart).toEqual({ type: "bar", x: "period", y: "avg_accuracy" });
  });

  it("still opens a report on a dataset the catalog no longer has", () => {
    const unknown = { ...definitions[0], dataset: "retired" };
    const d = draftFromReport(report(unknown), catalog, ZONE);
    expect(d.dataset).toBe("retired");
    expect(buildDefinition(d, undefined, ZONE).problems.map((p) => p.path)).toEqual(["definition.dataset"]);
  });
});

describe("draftSnapshot", () => {
  it("is equal for the same content and ignores row ids and surrounding spaces", () => {
    const a = draft({ name: "A", filters: [filter({ value: "x" })] });
    const b = { ...a, name: " A ", filters: a.filters.map((f) => ({ ...f, id: "other" })) };
    expect(draftSnapshot(a, usage, ZONE)).toBe(draftSnapshot(b, usage, ZONE));
  });

  it("sees rows still being filled in, which the definition leaves out", () => {
    const base = draft();
    const pending = draft({ filters: [filter({ field: "" })] });
    expect(buildDefinition(pending, usage, ZONE).definition.filters).toEqual([]);
    expect(draftSnapshot(pending, usage, ZONE)).not.toBe(draftSnapshot(base, usage, ZONE));
    const halfMeasure = draft({ measures: [{ id: "m", fn: "sum", field: "" }] });
    expect(draftSnapshot(halfMeasure, usage, ZONE)).not.toBe(draftSnapshot(base, usage, ZONE));
  });

  it("sees an invalid limit and custom dates typed over a preset", () => {
    const base = draft();
    expect(draftSnapshot(draft({ limit: "abc" }), usage, ZONE)).not.toBe(draftSnapshot(base, usage, ZONE));
    const custom = draft({ range: "custom", rangeFrom: "2025-01-01", rangeTo: "2025-01-02" });
    const other = { ...custom, rangeTo: "2025-01-03" };
    expect(draftSnapshot(custom, usage, ZONE)).not.toBe(draftSnapshot(other, usage, ZONE));
    // Dates typed while a preset is chosen are not part of what a save sends.
    expect(draftSnapshot({ ...base, rangeFrom: "2020-01-01" }, usage, ZONE)).toBe(draftSnapshot(base, usage, ZONE));
  });
});
