import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { checkDefinition } from "./check";
import { MAX_ROW_LIMIT } from "./definition";
import { rangeDates, resolveTimeRange } from "./time-range";

const tz = "America/New_York";

function failure(definition: unknown): ApiError {
  try {
    checkDefinition(definition, { timezone: tz });
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected the definition to be refused");
}

describe("report definitions", () => {
  it("refuses unknown datasets, fields and operators with the path at fault", () => {
    expect(failure({ dataset: "salaries" })).toMatchObject({ status: 422, param: "definition.dataset" });
    expect(failure({ dataset: "usage_events", columns: ["occurred_at", "password"] })).toMatchObject({
      status: 422,
      param: "definition.columns.1",
    });
    expect(
      failure({ dataset: "usage_events", filters: [{ field: "event_type", op: "like", value: "x" }] }),
    ).toMatchObject({ status: 400, param: "definition.filters.0.op" });
    expect(failure({ dataset: "usage_events", filters: [{ field: "plan", op: "gt", value: "pro" }] })).toMatchObject({
      status: 422,
      param: "definition.filters.0.op",
    });
    expect(failure({ dataset: "usage_events", groupBy: ["nope"] })).toMatchObject({ param: "definition.groupBy.0" });
  });

  it("refuses values of the wrong type", () => {
    const e = failure({ dataset: "usage_events", filters: [{ field: "revenue", op: "gt", value: "lots" }] });
    expect(e).toMatchObject({ status: 422, param: "definition.filters.0.value" });
    expect(e.message).toContain("number");
    expect(
      failure({ dataset: "usage_events", filters: [{ field: "occurred_at", op: "gt", value: "last tuesday" }] }),
    ).toMatchObject({ param: "definition.filters.0.value" });
    expect(
      failure({ dataset: "usage_events", filters: [{ field: "revenue", op: "between", value: [1] }] }),
    ).toMatchObject({ param: "definition.filters.0.value" });
    expect(failure({ dataset: "usage_events", measures: [{ fn: "sum", field: "country" }] })).toMatchObject({
      param: "definition.measures.0.fn",
    });
    expect(failure({ dataset: "usage_events", measures: [{ fn: "avg" }] })).toMatchObject({
      param: "definition.measures.0.field",
    });
  });

  it("refuses an inverted time range and sorting by a column the report does not have", () => {
    expect(
      failure({ dataset: "alerts", timeRange: { type: "absolute", from: "2026-03-02", to: "2026-03-01" } }),
    ).toMatchObject({ status: 422, param: "definition.timeRange.from" });
    expect(
      failure({ dataset: "alerts", timeRange: { type: "absolute", from: "2026-02-30", to: "2026-03-01" } }),
    ).toMatchObject({ status: 400, param: "definition.timeRange.from" });
    expect(failure({ dataset: "alerts", columns: ["title"], sort: [{ key: "severity", dir: "asc" }] })).toMatchObject({
      param: "definition.sort.0.key",
    });
  });

  it("collects every issue, not just the first", () => {
    const e = failure({
      dataset: "usage_events",
      columns: ["nope"],
      filters: [{ field: "revenue", op: "eq", value: "x" }],
    });
    expect(e.issues?.map((i) => i.path)).toEqual(["definition.columns.0", "definition.filters.0.value"]);
  });

  it("clamps an excessive row limit and says so", () => {
    const r = checkDefinition({ dataset: "alerts", limit: MAX_ROW_LIMIT * 10 }, { timezone: tz });
    expect(r.definition.limit).toBe(MAX_ROW_LIMIT);
    expect(r.notices.map((n) => n.code)).toContain("limit_clamped");
  });

  it("derives typed output columns for aggregates", () => {
    const r = checkDefinition(
      {
        dataset: "usage_events",
        timeBucket: "week",
        groupBy: ["plan"],
        measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }, { fn: "avg", field: "duration_ms" }],
      },
      { timezone: tz },
    );
    expect(r.columns.map((c) => [c.key, c.type, c.format])).toEqual([
      ["period", "date", "date"],
      ["plan", "string", "text"],
      ["count", "integer", "integer"],
      ["sum_revenue", "number", "currency"],
      ["avg_duration_ms", "number", "duration"],
    ]);
  });
});

describe("relative time ranges", () => {
  it.each([
    ["today", "2026-01-14", "2026-01-14"],
    ["yesterday", "2026-01-13", "2026-01-13"],
    ["last_7_days", "2026-01-08", "2026-01-14"],
    ["this_week", "2026-01-12", "2026-01-14"],
    ["previous_week", "2026-01-05", "2026-01-11"],
    ["this_month", "2026-01-01", "2026-01-14"],
    ["previous_month", "2025-12-01", "2025-12-31"],
    ["this_quarter", "2026-01-01", "2026-01-14"],
    ["previous_quarter", "2025-10-01", "2025-12-31"],
  ] as const)("%s on Wednesday 14 January 2026 is %s to %s", (preset, from, to) => {
    expect(rangeDates({ type: "relative", preset }, "2026-01-14")).toEqual({ from, to });
  });

  it("uses the workspace's today and shortens over-long ranges with a notice", () => {
    const late = Date.UTC(2026, 0, 15, 3); // still the 14th in New York
    expect(resolveTimeRange({ type: "relative", preset: "today" }, tz, late).range.from).toBe("2026-01-14");
    const long = resolveTimeRange({ type: "absolute", from: "1990-01-01", to: "2026-01-01" }, tz, late);
    expect(long.notices[0].code).toBe("range_clamped");
    expect(long.range.to).toBe("2026-01-01");
  });
});

describe("numeric filter values", () => {
  it("refuses integers the 32-bit columns cannot hold, naming the value", () => {
    const definition = {
      dataset: "usage_events",
      columns: ["occurred_at"],
      filters: [{ field: "duration_ms", op: "gt", value: -4199706926221498 }],
    };
    expect(() => checkDefinition(definition, { timezone: "UTC" })).toThrow(/between -2147483647 and 2147483647/);
  });
});
