import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";
import { e2eDatabase, workspaceBySlug } from "../helpers/db";

const ROWS = 50_000;
const HEADER = "occurred_at,user_id,device_id,event_type,plan,country,duration_ms,revenue";

/** Lines (the header is line 1) that are broken on purpose, and what the server should say about them. */
const BAD_LINES = new Map<number, { cells: (row: string[]) => void; path: string }>([
  [1_001, { cells: (r) => (r[6] = "n/a"), path: "durationMs" }],
  [25_002, { cells: (r) => (r[0] = "not a date"), path: "occurredAt" }],
  [49_999, { cells: (r) => (r[1] = ""), path: "userId" }],
]);

function csv(eventType: string): string {
  const now = Date.now();
  const lines = [HEADER];
  for (let i = 0; i < ROWS; i++) {
    const line = i + 2;
    const row = [
      new Date(now - 3_600_000 - (i % 600) * 60_000).toISOString(),
      `csv-user-${i % 500}`,
      `dev-${i % 50}`,
      eventType,
      i % 3 === 0 ? "pro" : "free",
      "NL",
      String(100 + (i % 1000)),
      i % 10 === 0 ? "9.99" : "0",
    ];
    BAD_LINES.get(line)?.cells(row);
    lines.push(row.join(","));
  }
  return `${lines.join("\n")}\n`;
}

test("imports a 50,000-row CSV through the UI, reports the bad lines and shows the data in a report", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const eventType = `csv_import_${Date.now()}`;
  const expected = ROWS - BAD_LINES.size;

  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import data" })).toBeVisible();
  await page.getByLabel("Dataset", { exact: true }).selectOption({ label: "Usage events" });
  await page.getByLabel("CSV file", { exact: true }).setInputFiles({
    name: "events.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv(eventType)),
  });

  const preview = page.getByRole("region", { name: "File preview" });
  await expect(preview.getByRole("columnheader", { name: /^occurred_at/ })).toContainText("Date and time");
  await expect(preview.getByRole("columnheader", { name: /^duration_ms/ })).toContainText("Whole number");
  await expect(preview.getByRole("columnheader", { name: /^user_id/ })).toContainText("Text");
  await expect(preview.getByRole("row")).toHaveCount(11);

  const mapping = page.getByRole("group", { name: "Column mapping" });
  await expect(mapping.getByLabel("Occurred at")).toHaveValue("occurred_at");
  await expect(mapping.getByLabel("Duration (ms)")).toHaveValue("duration_ms");
  await expect(mapping.getByLabel(/^Revenue/)).toHaveValue("revenue");

  await page.getByRole("button", { name: "Start import", exact: true }).click();
  const status = page.getByRole("status").filter({ hasText: /Import finished|Uploading|stopped/ });
  await expect(status).toHaveText(`Import finished: ${expected.toLocaleString("en-US")} rows stored, 3 rejected.`, {
    timeout: 180_000,
  });
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByText("The file is read in a background thread.")).toBeVisible();

  const rejected = page.getByRole("region", { name: "Rejected rows" });
  const rows = rejected.getByRole("row");
  await expect(rows).toHaveCount(1 + BAD_LINES.size);
  let n = 1;
  for (const [line, { path }] of BAD_LINES) {
    await expect(rows.nth(n).getByRole("cell").first()).toHaveText(String(line));
    await expect(rows.nth(n).getByRole("cell").nth(1)).toContainText(`${path}:`);
    n++;
  }

  const history = page.getByRole("table", { name: "Recent imports" }).getByRole("row").nth(1);
  await expect(history).toContainText("events.csv");
  await expect(history).toContainText("Completed");
  await expect(history.getByRole("cell").nth(3)).toHaveText(expected.toLocaleString("en-US"));
  await expect(history.getByRole("cell").nth(4)).toHaveText("3");

  const acme = workspaceBySlug("acme");
  const db = e2eDatabase();
  const stored = db
    .prepare(
      "SELECT COUNT(*) AS n, COUNT(DISTINCT client_id) AS ids FROM usage_events WHERE workspace_id = ? AND event_type = ?",
    )
    .get(acme.id, eventType) as { n: number; ids: number };
  db.close();
  expect(stored).toEqual({ n: expected, ids: expected });

  await page.goto("/reports/new");
  await expect(page.getByRole("heading", { level: 1, name: "New report" })).toBeVisible();
  await page.getByLabel("Dataset", { exact: true }).selectOption({ label: "Usage events" });
  await page
    .getByRole("group", { name: "Group by", exact: true })
    .getByRole("checkbox", { name: "Event type", exact: true })
    .check();
  await page.getByRole("button", { name: "Add measure", exact: true }).click();
  await expect(page.getByLabel("Measure 1 function", { exact: true })).toHaveValue("count");
  await page.getByRole("button", { name: "Add filter", exact: true }).click();
  await page.getByLabel("Filter 1 field", { exact: true }).selectOption({ label: "Event type" });
  await page.getByLabel("Filter 1 operator", { exact: true }).selectOption({ label: "is" });
  await page.getByLabel("Filter 1 value", { exact: true }).fill(eventType);
  await page.getByLabel("Time range", { exact: true }).selectOption({ label: "Last 30 days" });

  const reportPreview = page.getByRole("region", { name: "Preview" });
  await expect(reportPreview).toHaveAttribute("aria-busy", "false");
  const row = reportPreview.getByRole("row").filter({ hasText: eventType });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").last()).toHaveText(expected.toLocaleString("en-US"));
});

test("a dropped connection neither loses nor doubles rows: retries, then Resume upload from lastLine", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const eventType = `csv_resume_${Date.now()}`;
  const rows = 7_000;
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) lines.push(`2026-03-01T00:00:00Z,u-${i},d,${eventType},free,US,${i},0`);

  let chunk = 0;
  let failing = true;
  await page.route("**/api/imports/*/chunks", async (route) => {
    chunk += 1;
    if (chunk === 2) {
      // The server stores the chunk but the answer never arrives: the page sends it again.
      await route.fetch();
      return route.abort("connectionreset");
    }
    if (chunk >= 4 && failing) return route.abort("internetdisconnected");
    return route.continue();
  });

  await signIn(page);
  await page.goto("/import");
  await page.getByLabel("CSV file", { exact: true }).setInputFiles({
    name: "resume.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`${lines.join("\n")}\n`),
  });
  await page.getByRole("button", { name: "Start import", exact: true }).click();
  const status = page.getByRole("status").filter({ hasText: /Import|Uploading|stopped/ });
  // Chunks 1 and 2 (lines 2–4001) are in; the third never gets through its retries.
  await expect(status).toContainText("The upload stopped at line 4,001", { timeout: 30_000 });

  failing = false;
  await page.getByRole("button", { name: "Resume upload", exact: true }).click();
  await expect(status).toHaveText("Import finished: 7,000 rows stored, 0 rejected.", { timeout: 30_000 });

  const acme = workspaceBySlug("acme");
  const db = e2eDatabase();
  const stored = db
    .prepare(
      "SELECT COUNT(*) AS n, COUNT(DISTINCT client_id) AS ids, SUM(duration_ms) AS total FROM usage_events WHERE workspace_id = ? AND event_type = ?",
    )
    .get(acme.id, eventType) as { n: number; ids: number; total: number };
  db.close();
  expect(stored).toEqual({ n: rows, ids: rows, total: (rows * (rows - 1)) / 2 });
});
