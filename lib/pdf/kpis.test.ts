import { describe, expect, it } from "vitest";
import type { OutputColumn, ReportTotals } from "../reports/types";
import { comparisonKpis, deltaText, deriveKpis } from "./kpis";

const measure = (key: string, label: string): OutputColumn => ({
  key,
  label,
  type: "integer",
  format: "integer",
  sensitive: false,
  kind: "measure",
});

const totals = (rows: number, measures: [string, ReportTotals["measures"][number]["kind"], number | null][]) => ({
  rows,
  measures: measures.map(([key, kind, value]) => ({ key, label: key, kind, value })),
});

describe("PDF KPI tiles", () => {
  it("show the engine's totals and say what each one is, never a sum or mean of the rows", () => {
    const columns = [
      measure("count", "Events"),
      measure("count_distinct_user_id", "Unique users"),
      measure("sum_revenue", "Revenue"),
    ];
    const kpis = deriveKpis(
      {
        columns,
        totals: totals(2, [
          ["count", "count", 30],
          ["count_distinct_user_id", "count_distinct", 9],
          ["sum_revenue", "sum", 12],
        ]),
      },
      2,
    );
    expect(kpis.map((k) => [k.label, k.value, k.detail, k.scope])).toEqual([
      ["count", "30", "total over the range", undefined],
      ["count_distinct_user_id", "9", "unique over the range", undefined],
      ["sum_revenue", "12", "total over the range", undefined],
    ]);
  });

  it("say so when the table shows fewer rows than the figures cover", () => {
    const kpis = deriveKpis(
      { columns: [measure("count", "Events")], totals: totals(270, [["count", "count", 5]]) },
      25,
    );
    expect(kpis[0].scope).toBe("all 270 rows, 25 shown");
  });

  it("give a report without measures its row count, and nothing without totals", () => {
    expect(deriveKpis({ columns: [], totals: { rows: 7, measures: [] } }, 7)).toEqual([
      { label: "Rows", value: "7", detail: "matching the range and filters" },
    ]);
    expect(deriveKpis({ columns: [], totals: null }, 0)).toEqual([]);
  });
});

describe("comparison KPIs", () => {
  it("give each headline number its change against the previous period", () => {
    const columns = [
      measure("count", "Events"),
      { ...measure("avg_latency", "Average latency"), type: "number" as const, format: "number" as const },
    ];
    const kpis = comparisonKpis(
      columns,
      totals(2, [
        ["count", "count", 60],
        ["avg_latency", "avg", 150],
      ]),
      totals(2, [
        ["count", "count", 50],
        ["avg_latency", "avg", 100],
      ]),
    );
    expect(kpis.map((k) => [k.value, k.detail, k.delta])).toEqual([
      ["60", "vs 50", { text: "+20.0%", tone: "good" }],
      ["150", "vs 100", { text: "+50.0%", tone: "neutral" }],
    ]);
    expect(comparisonKpis([], { rows: 5, measures: [] }, { rows: 10, measures: [] })).toEqual([
      { label: "Rows", value: "5", detail: "vs 10", delta: { text: "-50.0%", tone: "bad" } },
    ]);
  });

  it("say 'new' when the earlier period had nothing, and no change when equal", () => {
    expect(deltaText(5, 0)).toBe("new");
    expect(deltaText(0, 0)).toBe("no change");
    expect(deltaText(100, 100.00001)).toBe("-0.0%");
    expect(deltaText(2178, 2177)).toBe("+0.0%");
    expect(deltaText(-5, -10)).toBe("+50.0%");
    const kpis = comparisonKpis(
      [measure("count", "Events")],
      totals(1, [["count", "count", 3]]),
      totals(0, [["count", "count", null]]),
    );
    expect(kpis[0]).toEqual({ label: "count", value: "3", detail: "vs \u2014" });
  });
});
