import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { signIn } from "../helpers/auth";
import { e2eDatabase, localDay, workspaceBySlug } from "../helpers/db";

const PSEUDONYM = /^user_[0-9a-f]{12}$/;

/** Previous Monday-to-Sunday week before the one holding `today`, computed here from the calendar. */
function previousWeek(today: string): { from: string; to: string } {
  const at = Date.parse(`${today}T00:00:00Z`);
  const sinceMonday = (new Date(at).getUTCDay() + 6) % 7;
  const day = (offset: number) => new Date(at + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(-sinceMonday - 7), to: day(-sinceMonday - 1) };
}

test("a viewer exports last week with three fields; the workbook says so and keeps user ids masked", async ({
  page,
  browser,
}) => {
  const acme = workspaceBySlug("acme");
  await signIn(page);
  const created = await page.request.post("/api/reports", {
    headers: { "X-Chartroom-Workspace": acme.id },
    data: {
      name: `Chosen at export ${Date.now()}`,
      definition: {
        dataset: "usage_events",
        columns: ["occurred_at", "event_type", "user_id", "plan", "country", "revenue"],
        timeRange: { type: "relative", preset: "last_30_days" },
        limit: 100_000,
      },
    },
  });
  expect(created.status()).toBe(201);
  const { report } = await created.json();

  const viewer = await browser.newPage();
  await signIn(viewer, "victor@acme.test");
  await viewer.goto(`/reports/${report.id}`);
  await viewer.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = viewer.getByRole("dialog", { name: "Export report" });
  await dialog.getByRole("radio", { name: "Excel (XLSX)" }).check();

  // The dialog starts from the report's own period and every field.
  const period = dialog.getByLabel("Time range");
  await expect(period).toHaveValue("last_30_days");
  const fields = dialog.getByRole("group", { name: "Fields" });
  await expect(fields.getByRole("checkbox")).toHaveCount(6);
  await expect(fields.getByRole("checkbox", { checked: true })).toHaveCount(6);

  await period.selectOption("previous_week");
  // By keyboard: focus a field, Space unticks it, Tab moves on to the next one.
  await fields.getByRole("checkbox", { name: "Plan" }).focus();
  await viewer.keyboard.press("Space");
  await viewer.keyboard.press("Tab");
  await expect(fields.getByRole("checkbox", { name: "Country" })).toBeFocused();
  await viewer.keyboard.press("Space");
  await fields.getByRole("checkbox", { name: "Revenue" }).uncheck();

  const summary = dialog.getByText(/^Exports 3 of 6 fields/);
  await expect(summary).toHaveText("Exports 3 of 6 fields (Time, Event type, User ID) for Previous week.");
  await dialog.screenshot({ path: test.info().outputPath("export-choice-dialog.png") });
  await summary.scrollIntoViewIfNeeded();
  await dialog.screenshot({ path: test.info().outputPath("export-choice-summary.png") });

  // No field at all cannot be exported: the dialog says why and the link does nothing.
  await fields.getByRole("button", { name: "Select all fields" }).click();
  await expect(fields.getByRole("checkbox", { checked: true })).toHaveCount(6);
  await fields.getByRole("button", { name: "Clear all fields" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Choose at least one field.");
  for (const name of ["Time", "Event type", "User ID"]) await fields.getByRole("checkbox", { name }).check();
  await expect(summary).toBeVisible();

  const [download] = await Promise.all([
    viewer.waitForEvent("download"),
    dialog.getByRole("link", { name: "Download" }).click(),
  ]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path())!);

  const week = previousWeek(localDay(acme.timezone, Date.now()));
  expect(download.suggestedFilename()).toContain(`${week.from}_${week.to}.xlsx`);
  const summaryText = book
    .getWorksheet("Summary")!
    .getSheetValues()
    .flatMap((row) => (Array.isArray(row) ? row : []))
    .filter((v): v is string => typeof v === "string")
    .join("\n");
  expect(summaryText).toContain(
    `Chosen for this export: Previous week, ${week.from} – ${week.to}; 3 of 6 fields: Time, Event type, User ID.`,
  );

  const data = book.getWorksheet("Data")!;
  const header = (data.getRow(1).values as unknown[]).slice(1);
  expect(header).toEqual(["Time", "Event type", "User ID"]);
  const rows: { event: string; user: string }[] = [];
  data.eachRow((row, n) => {
    if (n > 1) rows.push({ event: String(row.getCell(2).value), user: String(row.getCell(3).value) });
  });
  expect(rows.every((r) => PSEUDONYM.test(r.user))).toBe(true);

  // The chosen week's rows, counted from the raw events with Intl's own zone handling.
  const db = e2eDatabase();
  const events = db
    .prepare("SELECT occurred_at AS at, event_type FROM usage_events WHERE workspace_id = ?")
    .all(acme.id) as { at: number; event_type: string }[];
  db.close();
  const expected = events.filter((e) => {
    const day = localDay(acme.timezone, e.at);
    return day >= week.from && day <= week.to;
  });
  expect(expected.length).toBeGreaterThan(0);
  expect(rows.length).toBe(expected.length);
  const count = (list: string[]) => list.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  expect(count(rows.map((r) => r.event))).toEqual(count(expected.map((e) => e.event_type)));

  // The saved report is unchanged.
  const saved = await (
    await page.request.get(`/api/reports/${report.id}`, { headers: { "X-Chartroom-Workspace": acme.id } })
  ).json();
  expect(saved.report.definition.columns).toHaveLength(6);
  expect(saved.report.definition.timeRange).toEqual({ type: "relative", preset: "last_30_days" });
  await viewer.close();
});

test("a member's background export takes custom dates and two fields; the history says so", async ({ page }) => {
  const acme = workspaceBySlug("acme");
  await signIn(page, "mia@acme.test");
  const created = await page.request.post("/api/reports", {
    headers: { "X-Chartroom-Workspace": acme.id },
    data: {
      name: `Chosen by a member ${Date.now()}`,
      definition: {
        dataset: "usage_events",
        groupBy: ["event_type", "country"],
        measures: [{ fn: "count" }],
        timeRange: { type: "relative", preset: "last_30_days" },
      },
    },
  });
  expect(created.status()).toBe(201);
  const { report } = await created.json();
  const today = localDay(acme.timezone, Date.now());
  const day = (offset: number) =>
    new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  const from = day(-3);
  const to = day(-1);

  await page.goto(`/reports/${report.id}`);
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Export report" });
  await dialog.getByLabel("Time range").selectOption("custom");
  await dialog.getByLabel("Range start").fill(from);
  await dialog.getByLabel("Range end").fill(to);
  await dialog.getByRole("group", { name: "Fields" }).getByRole("checkbox", { name: "Country" }).uncheck();
  await expect(dialog.getByText(/^Exports 2 of 3 fields/)).toHaveText(
    `Exports 2 of 3 fields (Event type, Count) for ${from} – ${to}.`,
  );
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Export", exact: true }).click(),
  ]);
  const rows = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  expect(rows.meta.fields).toEqual(["Event type", "Count"]);

  const db = e2eDatabase();
  const events = db
    .prepare("SELECT occurred_at AS at, event_type FROM usage_events WHERE workspace_id = ?")
    .all(acme.id) as { at: number; event_type: string }[];
  db.close();
  const expected = new Map<string, number>();
  for (const e of events) {
    const local = localDay(acme.timezone, e.at);
    if (local >= from && local <= to) expected.set(e.event_type, (expected.get(e.event_type) ?? 0) + 1);
  }
  expect(new Map(rows.data.map((r) => [r["Event type"], Number(r.Count)]))).toEqual(expected);

  await page.goto("/exports");
  const row = page.locator("tr", { hasText: report.name }).first();
  await expect(row).toContainText(`Chosen: ${from} – ${to} · 2 fields: Event type, Count`);
});
