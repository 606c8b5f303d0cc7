import { describe, expect, it } from "vitest";
import type { OutputColumn } from "../reports/types";
import { deriveKpis } from "./kpis";

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
    const columns = [measure("count", "Events"), measure("count_distinct_user_id", "Unique users"), measure("sum_revenue", "Revenue")];
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
