import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";

const NAME = `<img src=x onerror="window.__pwned=1"> Quarterly <script>window.__pwned=2</script>`;

test("report and schedule names with HTML or script show as text in pages", async ({ page }) => {
  await signIn(page);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  const created = await page.request.post("/api/reports", {
    data: { name: NAME, definition: { dataset: "alerts", columns: ["triggered_at", "severity"] } },
    headers: { "Sec-Fetch-Site": "same-origin" },
  });
  expect(created.status()).toBe(201);
  const { report } = await created.json();
  const schedule = await page.request.post("/api/schedules", {
    data: { name: NAME, reportId: report.id, cron: "0 9 * * 1", formats: ["pdf"], recipients: ["someone@example.com"] },
  });
  expect(schedule.status()).toBe(201);

  for (const path of ["/reports", `/reports/${report.id}`, "/schedules"]) {
    await page.goto(path);
    // As text on the page, or as the value of the name field in the builder.
    await expect
      .poll(() =>
        page.evaluate(
          (n) =>
            document.body.innerText.includes(n) || [...document.querySelectorAll("input")].some((i) => i.value === n),
          NAME,
        ),
      )
      .toBe(true);
    expect(await page.locator('img[src="x"]').count(), path).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), path).toBeUndefined();
  }
  expect(dialogs).toBe(0);
  await page.request.delete(`/api/schedules/${(await schedule.json()).schedule.id}`);
  await page.request.delete(`/api/reports/${report.id}`);
});
