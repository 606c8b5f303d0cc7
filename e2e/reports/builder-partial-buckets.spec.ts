import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";

const DAY_MS = 86_400_000;

/** A Wednesday about five weeks back and the Sunday three weeks after it: the range cuts only its first week. */
function rangeCuttingTheFirstWeek(): { from: string; to: string } {
  const today = new Date(Date.now());
  const back = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 35 * DAY_MS);
  const wednesday = back.getTime() + ((3 - back.getUTCDay() + 7) % 7) * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(wednesday), to: iso(wednesday + 18 * DAY_MS) };
}

test("the builder's chart shades a week the range cuts and says so under the chart", async ({ page }) => {
  await signIn(page);
  const range = rangeCuttingTheFirstWeek();
  const definition = {
    dataset: "usage_events",
    timeBucket: "week",
    measures: [{ fn: "count" }],
    timeRange: { type: "absolute", ...range },
    chart: { type: "line", x: "period", y: ["count"] },
  };
  const created = await page.request.post("/api/reports", {
    data: { name: `Cut first week ${Date.now()}`, definition },
  });
  expect(created.status()).toBe(201);
  const { report } = (await created.json()) as { report: { id: string } };
  const preview = (await (
    await page.request.post("/api/reports/preview", { data: { reportId: report.id, page: 0 } })
  ).json()) as { rows: { period: string }[]; notices: { code: string; buckets?: string[] }[] };
  const partial = preview.notices.find((n) => n.code === "partial_buckets")?.buckets ?? [];
  // Only the first week (Monday before the Wednesday the range starts on) is cut; the last ends on its Sunday.
  expect(partial).toEqual([preview.rows[0].period]);
  expect(preview.rows).toHaveLength(3);

  await page.goto(`/reports/${report.id}`);
  const chart = page.getByTestId("report-chart");
  await expect(chart.locator(".recharts-line-curve")).toHaveCount(1);
  await expect(chart.locator(".partial-bucket-area")).toHaveCount(1);
  await expect(chart.getByTestId("partial-note")).toContainText(/^The week of .+ is cut by the range or not over yet/);
  await expect(chart.getByTestId("partial-note")).toContainText("less than a whole week");
  await chart.screenshot({ path: test.info().outputPath("builder-partial-week.png") });
});
