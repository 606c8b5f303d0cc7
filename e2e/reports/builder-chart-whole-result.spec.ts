import { expect, test, type Locator, type Page } from "@playwright/test";
import { signIn } from "../helpers/auth";

/** Events per week and plan over the demo's 90 days: 14 weeks × 4 plans, more rows than one preview page. */
const definition = {
  dataset: "usage_events",
  timeBucket: "week",
  groupBy: ["plan"],
  measures: [{ fn: "count" }],
  timeRange: { type: "relative", preset: "last_90_days" },
  chart: { type: "bar", x: "period", y: ["count"] },
};

/** Per legend entry (plan), its swatch colour and how many bars of that colour the chart draws. */
async function chartState(chart: Locator): Promise<Map<string, { color: string; bars: number }>> {
  const legend = await chart
    .locator(".chart-legend li")
    .evaluateAll((items) =>
      items.map((li) => [
        li.textContent ?? "",
        getComputedStyle(li.querySelector(".chart-legend-swatch")!).backgroundColor,
      ]),
    );
  const bars = await chart
    .locator(".recharts-bar-rectangle path")
    .evaluateAll((paths) => paths.map((p) => getComputedStyle(p).fill));
  return new Map(legend.map(([label, color]) => [label, { color, bars: bars.filter((b) => b === color).length }]));
}

async function settled(page: Page) {
  await expect(page.getByRole("region", { name: "Preview" })).toHaveAttribute("aria-busy", "false");
}

test("the builder's chart shows every week of the whole result, in the same colour per plan, on every preview page", async ({
  page,
}) => {
  await signIn(page);
  const created = await page.request.post("/api/reports", {
    data: { name: `Weekly events per plan ${Date.now()}`, definition },
  });
  expect(created.status()).toBe(201);
  const { report } = (await created.json()) as { report: { id: string } };

  // The whole result, page by page, as the preview API gives it: the weeks and plans the chart must show.
  const weeks = new Set<string>();
  const plans = new Set<string>();
  let total = 0;
  for (let p = 0; p === 0 || p * 50 < total; p++) {
    const res = await page.request.post("/api/reports/preview", { data: { reportId: report.id, page: p } });
    const body = (await res.json()) as { totalCount: number; rows: { period: string; plan: string }[] };
    total = body.totalCount;
    for (const row of body.rows) {
      weeks.add(row.period);
      plans.add(row.plan);
    }
  }
  expect(total).toBeGreaterThan(50);
  expect(total).toBe(weeks.size * plans.size);

  await page.goto(`/reports/${report.id}`);
  await settled(page);
  const chart = page.getByTestId("report-chart");
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByText(`Rows 1–50 of ${total}`)).toBeVisible();
  await expect(chart.locator(".recharts-bar-rectangle path")).toHaveCount(total);
  const first = await chartState(chart);
  expect([...first.keys()].sort()).toEqual([...plans].sort());
  for (const [plan, state] of first) expect(state.bars, plan).toBe(weeks.size);
  expect(new Set([...first.values()].map((s) => s.color)).size).toBe(plans.size);

  await preview.getByRole("navigation", { name: "Preview pages" }).getByRole("button", { name: "Next" }).click();
  await expect(preview.getByText(`Rows 51–${total} of ${total}`)).toBeVisible();
  await settled(page);
  await expect(chart.locator(".recharts-bar-rectangle path")).toHaveCount(total);
  const second = await chartState(chart);
  expect(second).toEqual(first);
});
