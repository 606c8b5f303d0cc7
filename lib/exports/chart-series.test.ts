import { describe, expect, it } from "vitest";
import { db } from "../db";
import { checkDefinition } from "../reports/check";
import { previewReport } from "../reports/engine";
import { OTHER_SERIES_COLOR, seriesColors } from "../reports/palette";
import { seeded } from "../../testing/db";
import { TEST_NOW } from "../../testing/fixtures";
import { chartSeries } from "./chart-series";

/** Events per week and plan over the seed's 90 days: 13 weeks × 4 plans, more than one preview page. */
const weekly = {
  dataset: "usage_events",
  timeBucket: "week",
  groupBy: ["plan"],
  measures: [{ fn: "count" }],
  timeRange: { type: "absolute", from: "2026-01-05", to: "2026-04-05" },
  chart: { type: "bar", x: "period", y: ["count"] },
};

describe("chart series", () => {
  it("cover every week and plan of the whole result, whatever page the preview shows", async () => {
    const { conn, acme } = seeded();
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: acme.id } });
    const report = checkDefinition(weekly, { timezone: "UTC", now: TEST_NOW });
    const page = await previewReport(conn, report, acme.id, 0, 50);
    expect(page.totalCount).toBe(52);
    const weeks = new Set<unknown>();
    const counts = new Map<string, number>();
    for (let p = 0; p * 50 < page.totalCount; p++) {
      for (const row of (await previewReport(conn, report, acme.id, p, 50)).rows) {
        weeks.add(row.period);
        counts.set(`${row.period}|${row.plan}`, Number(row.count));
      }
    }

    const chart = await chartSeries(conn, report, acme.id, workspace);
    expect(chart.kind).toBe("cartesian");
    expect(chart.points.map((p) => p.x)).toEqual([...weeks].sort());
    expect(chart.series.map((s) => s.label)).toEqual(["enterprise", "free", "pro", "starter"]);
    const colors = seriesColors(["enterprise", "free", "pro", "starter"]);
    for (const s of chart.series) expect(s.color).toBe(colors.get(s.label));
    for (const point of chart.points) {
      chart.series.forEach((s) => expect(point[s.key]).toBe(counts.get(`${point.x}|${s.label}`) ?? null));
    }
  });

  it("combine the smaller series as Other, with counts that still add up, and say so", async () => {
    const { conn, acme } = seeded();
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: acme.id } });
    const report = checkDefinition(
      { ...weekly, groupBy: ["country"], chart: { type: "line", x: "period", y: ["count"] } },
      { timezone: "UTC", now: TEST_NOW },
    );
    const chart = await chartSeries(conn, report, acme.id, workspace);
    expect(chart.series).toHaveLength(8);
    expect(chart.series.at(-1)).toMatchObject({ label: "Other", color: OTHER_SERIES_COLOR });
    expect(chart.notes.join(" ")).toMatch(/smaller series are combined as "Other"/);
    const all = checkDefinition({ ...weekly, groupBy: [] }, { timezone: "UTC", now: TEST_NOW });
    const totals = new Map(
      (await previewReport(conn, all, acme.id, 0, 100)).rows.map((r) => [r.period, Number(r.count)]),
    );
    for (const point of chart.points) {
      const sum = chart.series.reduce((s, x) => s + Number(point[x.key] ?? 0), 0);
      expect(sum).toBe(totals.get(point.x as string));
    }
  });
});
