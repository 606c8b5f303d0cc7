import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";

// The workspace locale reaches the dashboard; the value axis ticks at round numbers; today
// is marked as partial; over-long ranges are shortened with the builder's message.

test.afterEach(async ({ page }) => {
  await page.request.patch("/api/settings", { data: { locale: "en-US" } });
});

test("shows German numbers, round ticks and the partial day in a de-DE workspace", async ({ page }, testInfo) => {
  await signIn(page);
  const patched = await page.request.patch("/api/settings", { data: { locale: "de-DE" } });
  expect(patched.status()).toBe(200);
  // An alert from five minutes ago, to read its time in German words.
  const title = `Locale check ${Date.now()}`;
  const ingested = await page.request.post("/api/v1/alerts", {
    data: {
      records: [
        { triggeredAt: new Date(Date.now() - 5 * 60_000).toISOString(), severity: "info", source: "e2e", title },
      ],
    },
  });
  expect(ingested.status(), await ingested.text()).toBeLessThan(300);
  await page.reload();

  const events = page.getByTestId("kpi-events").locator(".kpi-value");
  // German grouping: 12.345, never 12,345.
  await expect(events).toHaveText(/^\d{1,3}(\.\d{3})+$/);
  await expect(page.getByTestId("kpi-revenue").locator(".kpi-value")).toHaveText(/\$$/);

  const chart = page.getByTestId("chart-events-per-day");
  await expect(chart.getByTestId("partial-note")).toContainText("is not over");
  // Value-axis labels are the chart's plain numbers (day labels carry a month name).
  await expect(chart.locator("svg text").first()).toBeVisible();
  const labels = (await chart.locator("svg text").allTextContents()).map((t) => t.trim());
  const values = labels.filter((t) => /^\d[\d.]*$/.test(t)).map((t) => Number(t.replace(/\./g, "")));
  expect(values.length).toBeGreaterThan(2);
  const step = values[1] - values[0];
  const mantissa = step / 10 ** Math.floor(Math.log10(step));
  expect([1, 2, 5]).toContain(mantissa);

  // "vor 5 Min.", never "5m ago".
  const fresh = page.getByTestId("chart-open-alerts").locator(".alert-item", { hasText: title });
  await expect(fresh.locator("time")).toHaveText(/^vor [56]\sMin\.$/);

  await page.screenshot({ path: testInfo.outputPath("dashboard-de-DE.png"), fullPage: true });
});

test("shortens a far too long range to the days ending today, and refuses dates out of bounds", async ({ page }) => {
  await signIn(page);
  const res = await page.request.get("/api/dashboard?from=1990-01-01&to=2099-12-31");
  expect(res.status()).toBe(200);
  const data = await res.json();
  expect(data.range.to <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)).toBe(true);
  expect(data.notices).toEqual([
    `The time range was shortened to 3,660 days (${data.range.from} to ${data.range.to}), the most one report covers.`,
  ]);
  const refused = await page.request.get("/api/dashboard?from=1969-12-31&to=2026-01-01");
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error).toMatchObject({ code: "invalid_parameter", param: "from" });
});
