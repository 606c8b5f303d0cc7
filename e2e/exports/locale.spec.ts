import { join } from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { DEMO, signIn } from "../helpers/auth";
import { hydrated } from "../helpers/hydration";

// The workspace locale reaches the exports page and a schedule's run history, not only the dashboard.

const TAG = `Loc${Date.now().toString(36)}`;
const FINISHED = Date.UTC(2025, 0, 6, 14, 30);

/** A finished export of 12,345 rows and 2.1 MB, and a run of `scheduleId` that made it, straight in the database. */
function seedExportAndRun(scheduleId: string): void {
  const db = new Database(join(process.cwd(), process.env.E2E_DATA_DIR ?? ".data/e2e", "chartroom.db"));
  try {
    const workspaceId = (
      db
        .prepare(
          "SELECT m.workspace_id AS id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ? ORDER BY m.created_at LIMIT 1",
        )
        .get(DEMO) as { id: string }
    ).id;
    db.prepare(
      "INSERT INTO export_jobs (id, workspace_id, report_name, format, status, created_by, row_count, byte_size, duration_ms, created_at, finished_at, schedule_run_id) VALUES (?, ?, ?, 'csv', 'succeeded', ?, 12345, 2100000, 5400, ?, ?, ?)",
    ).run(`${TAG}-export`, workspaceId, `${TAG} report`, DEMO, FINISHED, FINISHED, `${TAG}-run`);
    db.prepare(
      "INSERT INTO schedule_runs (id, workspace_id, schedule_id, scheduled_for, trigger, status, attempts, row_count, export_job_ids, started_at, finished_at) VALUES (?, ?, ?, ?, 'manual', 'succeeded', 1, 12345, ?, ?, ?)",
    ).run(
      `${TAG}-run`,
      workspaceId,
      scheduleId,
      FINISHED,
      JSON.stringify([`${TAG}-export`]),
      FINISHED,
      FINISHED + 5400,
    );
  } finally {
    db.close();
  }
}

const SCHEDULE = `${TAG} schedule`;

// One schedule, and its run and export written straight in, for both pages below.
test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page);
  const reports = (await (await page.request.get("/api/reports")).json()) as {
    reports: { id: string; name: string }[];
  };
  const usage = reports.reports.find((r) => r.name === "Usage Summary");
  expect(usage).toBeDefined();
  const created = await page.request.post("/api/schedules", {
    data: {
      name: SCHEDULE,
      reportId: usage!.id,
      cron: "0 7 * * 1",
      formats: ["csv"],
      recipients: ["team@example.com"],
    },
  });
  expect(created.status()).toBe(201);
  const { schedule } = (await created.json()) as { schedule: { id: string } };
  seedExportAndRun(schedule.id);
  await page.close();
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
  expect((await page.request.patch("/api/settings", { data: { locale: "de-DE" } })).status()).toBe(200);
});

test.afterEach(async ({ page }) => {
  await page.request.patch("/api/settings", { data: { locale: "en-US" } });
});

test("the exports page shows German numbers and dates in a de-DE workspace", async ({ page }, testInfo) => {
  await page.goto("/exports");
  await hydrated(page);
  await page.getByRole("searchbox", { name: "Search" }).fill(TAG);
  const row = page.locator(`tr[data-export-id="${TAG}-export"]`);
  await expect(row).toBeVisible();
  const cells = row.locator("td");
  // Rows, size and duration: German grouping and decimal commas, never 12,345 / 2.1 MB / 5.4 s.
  await expect(cells.nth(3)).toHaveText("12.345");
  await expect(cells.nth(4)).toHaveText("2,1 MB");
  await expect(cells.nth(5)).toHaveText("5,4 s");
  // Older than a week: the day as German writes it ("6. Jan."), not "Jan 6".
  await expect(row.locator("time")).toHaveText(/^\d{1,2}\. Jan\.?$/);
  await page.screenshot({ path: testInfo.outputPath("exports-de-DE.png"), fullPage: true });
});

test("a schedule's run history shows German numbers and dates in a de-DE workspace", async ({ page }, testInfo) => {
  await page.goto("/schedules");
  const scheduleRow = page.getByRole("row", { name: new RegExp(SCHEDULE) });
  await scheduleRow.getByRole("button", { name: /^History/ }).click();
  const run = page.getByRole("table", { name: `Runs of ${SCHEDULE}` }).getByTestId("schedule-run");
  await expect(run).toHaveCount(1);
  const runCells = run.locator("td");
  // "Mo., 6. Jan., 14:30 UTC" rather than "Mon, Jan 6, 2:30 PM UTC" (in whatever zone the browser is).
  await expect(runCells.nth(0).locator("time")).toHaveText(/^(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. Jan\., \d{2}:\d{2}/);
  await expect(runCells.nth(0)).toContainText("took 5,4 s");
  await expect(runCells.nth(3)).toHaveText("12.345");
  await expect(runCells.nth(4)).toContainText("2,1 MB");
  await page.screenshot({ path: testInfo.outputPath("schedule-runs-de-DE.png"), fullPage: true });
});
