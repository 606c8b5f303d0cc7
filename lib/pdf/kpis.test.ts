import { describe, expect, it } from "vitest";
import type { OutputColumn } from "../reports/types";
import { comparisonKpis, deltaText, deriveKpis } from "./kpis";

const measure = (key: string, label: string): OutputColumn => ({
  key,
  label,
  type: "integer",
  format: "integer",
  sensitive: false,
  kind: "measure",
});

describe("PDF KPI tiles", () => {
  it("totals counts and sums but never adds up distinct counts", () => {
    const columns = [
      measure("count", "Events"),
      measure("count_distinct_user_id", "Unique users"),
      measure("sum_revenue", "Revenue"),
    ];
    const rows = [
      { count: 10, count_distinct_user_id: 4, sum_revenue: 5 },
      { count: 20, count_distinct_user_id: 6, sum_revenue: 7 },
    ];
    const kpis = deriveKpis(columns, rows, 2);
    expect(kpis.map((k) => [k.label, k.value, k.detail?.split(" ")[0]])).toEqual([
      ["Events", "30", "total"],
      ["Unique users", "5", "avg."],
      ["Revenue", "12", "total"],
    ]);
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
      {
        rows: [
          { count: 30, avg_latency: 100 },
          { count: 30, avg_latency: 200 },
        ],
        totalRows: 2,
      },
      {
        rows: [
          { count: 40, avg_latency: 100 },
          { count: 10, avg_latency: 100 },
        ],
        totalRows: 2,
      },
    );
    expect(kpis.map((k) => [k.label, k.value, k.detail, k.delta])).toEqual([
      ["Events", "60", "vs 50", { text: "+20.0%", tone: "good" }],
      ["Average latency", "150", "vs 100", { text: "+50.0%", tone: "neutral" }],
    ]);
    expect(comparisonKpis([], { rows: [], totalRows: 5 }, { rows: [], totalRows: 10 })).toEqual([
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
      { rows: [{ count: 3 }], totalRows: 1 },
      { rows: [], totalRows: 0 },
    );
    expect(kpis[0]).toEqual({ label: "Events", value: "3", detail: "vs \u2014" });
  });
});
