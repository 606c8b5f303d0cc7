import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";

test("a report named in German downloads under its real name, with an ASCII fallback for old clients", async ({
  page,
}) => {
  await signIn(page);
  const name = `Umsätze Über ${Date.now()}`;
  const created = await page.request.post("/api/reports", {
    data: {
      name,
      definition: {
        dataset: "alerts",
        columns: ["triggered_at", "severity"],
        timeRange: { type: "relative", preset: "last_7_days" },
      },
    },
  });
  expect(created.status()).toBe(201);
  const { report } = await created.json();

  // Streamed export: the header the server writes…
  const streamed = await page.request.get(`/api/reports/${report.id}/export?format=csv`);
  expect(streamed.status()).toBe(200);
  const header = streamed.headers()["content-disposition"];
  expect(header).toMatch(
    /^attachment; filename="Umsatze-Uber-\d+_acme_[\d-]+_[\d-]+\.csv"; filename\*=UTF-8''Ums%C3%A4tze-%C3%9Cber-\d+_acme_/,
  );

  // …and the name a real browser gives the file (it reads filename*).
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.evaluate((href) => {
      const a = document.createElement("a");
      a.href = href;
      document.body.append(a);
      a.click();
    }, `/api/reports/${report.id}/export?format=csv`),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Umsätze-Über-\d+_acme_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.csv$/);

  // Background exports keep the name in their stored file too.
  const job = (
    await (await page.request.post("/api/exports", { data: { reportId: report.id, format: "xlsx" } })).json()
  ).export;
  await expect
    .poll(async () => (await (await page.request.get(`/api/exports/${job.id}`)).json()).export.status)
    .toBe("succeeded");
  const file = await page.request.get(`/api/exports/${job.id}/download`);
  expect(decodeURIComponent(/filename\*=UTF-8''(\S+)$/.exec(file.headers()["content-disposition"])![1])).toMatch(
    /^Umsätze-Über-\d+_acme_.*\.xlsx$/,
  );
  expect(file.headers()["cache-control"]).toMatch(/(^|, )no-store(,|$)/);
  await page.request.delete(`/api/reports/${report.id}`);
});
