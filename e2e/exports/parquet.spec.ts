import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import { readParquet } from "../../testing/parquet-reader";
import { signIn } from "../helpers/auth";

test("downloads a Parquet export through the dialog, and DuckDB reads the same rows as the CSV", async ({ page }) => {
  await signIn(page);
  const name = `Parquet events ${Date.now()}`;
  const created = await page.request.post("/api/reports", {
    data: {
      name,
      definition: {
        dataset: "usage_events",
        columns: ["occurred_at", "event_type", "user_id", "duration_ms", "revenue"],
        timeRange: { type: "relative", preset: "last_7_days" },
        sort: [{ key: "occurred_at", dir: "asc" }],
        limit: 3000,
      },
    },
  });
  expect(created.status()).toBe(201);
  const { report } = (await created.json()) as { report: { id: string } };

  await page.goto(`/reports/${report.id}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Export report" });
  const parquetChoice = dialog.getByRole("radio", { name: "Parquet", exact: true });
  await parquetChoice.check();
  await expect(dialog.getByText("Typed columns for warehouses, DuckDB, pandas and Spark.")).toBeVisible();
  // CSV's byte order mark is not offered for a binary format.
  await expect(dialog.getByRole("checkbox", { name: "Add byte order mark for Excel" })).toHaveCount(0);
  await dialog.screenshot({ path: test.info().outputPath("parquet-dialog.png") });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Export", exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Parquet-events-\d+_acme_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.parquet$/);
  await expect(dialog.getByRole("status")).toHaveText(/^Done — [\d,]+ rows, [\d.]+ (bytes|KB|MB)$/);

  const parquet = await readParquet(readFileSync((await download.path())!));
  expect(parquet.columns).toEqual([
    { name: "Time", type: "TIMESTAMP WITH TIME ZONE" },
    { name: "Event type", type: "VARCHAR" },
    { name: "User ID", type: "VARCHAR" },
    { name: "Duration (ms)", type: "INTEGER" },
    { name: "Revenue (USD)", type: "DECIMAL(18,2)" },
  ]);
  expect(parquet.rows.length).toBe(3000);

  // The same report as CSV, streamed: the same instants, text and amounts row by row.
  const csv = Papa.parse<string[]>(
    await (await page.request.get(`/api/reports/${report.id}/export?format=csv`)).text(),
    {
      skipEmptyLines: true,
    },
  ).data.slice(1);
  expect(csv.length).toBe(3000);
  csv.forEach((line, i) => {
    const row = parquet.rows[i];
    expect([Number(row[0]), row[1], row[2], row[3], Number(row[4])]).toEqual([
      Date.parse(line[0]),
      line[1],
      line[2],
      line[3],
      Number(line[4]),
    ]);
  });
});
