import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type Locator } from "@playwright/test";
import Papa from "papaparse";
import { signIn } from "../helpers/auth";
import { e2eDatabase } from "../helpers/db";

const COLUMNS = ["occurred_at", "event_type", "user_id", "plan", "country", "duration_ms", "revenue"];

/** The progress bar's value, or -1 while it shows none (indeterminate or gone). */
async function progressValue(bar: Locator): Promise<number> {
  if ((await bar.count()) === 0) return -1;
  const value = await bar.getAttribute("aria-valuenow", { timeout: 1000 }).catch(() => null);
  return value === null ? -1 : Number(value);
}

test("exports a large report with live progress, cancels one export and downloads another", async ({ page }) => {
  await signIn(page);
  const name = `All events ${Date.now()}`;
  const created = await page.request.post("/api/reports", {
    data: {
      name,
      definition: {
        dataset: "usage_events",
        columns: COLUMNS,
        timeRange: { type: "relative", preset: "last_90_days" },
        limit: 1_000_000,
      },
    },
  });
  expect(created.status()).toBe(201);
  const { report } = (await created.json()) as { report: { id: string } };

  await page.goto(`/reports/${report.id}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const opener = page.getByRole("button", { name: "Export", exact: true });
  const dialog = page.getByRole("dialog", { name: "Export report" });

  // A modal: labelled, keeps focus inside, closes on Escape and gives focus back to its opener.
  await opener.click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute("aria-modal", "true");
  await expect(dialog).toContainText(name);
  await expect(dialog.getByRole("group", { name: "Format" })).toBeVisible();
  await expect(dialog.getByRole("radio", { name: "CSV", exact: true })).toBeFocused();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press(i < 5 ? "Tab" : "Shift+Tab");
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // The byte order mark is a CSV option only.
  await opener.click();
  const bom = dialog.getByRole("checkbox", { name: "Add byte order mark for Excel" });
  await expect(bom).toBeVisible();
  await dialog.getByRole("radio", { name: "Excel (XLSX)", exact: true }).check();
  await expect(bom).toHaveCount(0);

  // XLSX: progress moves above 0 while it runs; then cancel it.
  await dialog.getByRole("button", { name: "Export", exact: true }).click();
  const bar = dialog.getByRole("progressbar", { name: "Export progress" });
  await expect(bar).toBeVisible();
  await expect(dialog.getByText("It will keep running — find it on the Exports page.")).toBeVisible();
  await expect.poll(() => progressValue(bar), { intervals: [100] }).toBeGreaterThan(0);
  await expect(dialog.getByText(/^[\d,]+ of [\d,]+ rows · \d+%/)).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel export" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Export canceled.");
  await expect(bar).toHaveCount(0);

  // Export again, as CSV: the download starts by itself when the file is ready.
  await dialog.getByRole("button", { name: "Export again" }).click();
  await dialog.getByRole("radio", { name: "CSV", exact: true }).check();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Export", exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^All-events-\d+_acme_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.csv$/);
  const status = dialog.getByRole("status");
  await expect(status).toHaveText(/^Done — [\d,]+ rows, [\d.]+ (KB|MB)$/);
  const again = dialog.getByRole("link", { name: "Download again", exact: true });
  await expect(again).toHaveAttribute("href", /\/api\/exports\/[^/]+\/download$/);

  const parsed = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  expect(parsed.meta.fields?.length).toBe(COLUMNS.length);
  const rowsDone = Number(
    (/^Done — ([\d,]+) rows/.exec((await status.textContent()) ?? "")?.[1] ?? "").replace(/,/g, ""),
  );
  expect(rowsDone).toBeGreaterThan(10_000);
  expect(parsed.data.length).toBe(rowsDone);

  await dialog.getByRole("button", { name: "Close", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // Both exports are in the history.
  await page.goto("/exports");
  await expect(page.getByRole("heading", { level: 1, name: "Exports" })).toBeVisible();
  const history = page.getByRole("table", { name: "Export history" });
  const rows = history.getByRole("row").filter({ hasText: name });
  await expect(rows).toHaveCount(2);
  const canceled = rows.filter({ hasText: "Excel (XLSX)" });
  const succeeded = rows.filter({ hasText: "CSV" });
  await expect(canceled).toContainText("Canceled");
  await expect(succeeded).toContainText("Succeeded");
  await expect(succeeded.getByRole("link", { name: /^Download/ })).toHaveAttribute(
    "href",
    /\/api\/exports\/[^/]+\/download$/,
  );
  await expect(canceled.getByRole("button", { name: /^Retry/ })).toBeVisible();

  await page.getByLabel("Status", { exact: true }).selectOption("canceled");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText("Canceled");
});

test("a PDF export takes the chosen template, and a finished export shares as a link", async ({
  page,
  playwright,
  baseURL,
}) => {
  await signIn(page);
  const name = `Daily events ${Date.now()}`;
  const created = await page.request.post("/api/reports", {
    data: {
      name,
      definition: {
        dataset: "usage_events",
        timeBucket: "day",
        measures: [{ fn: "count" }],
        timeRange: { type: "relative", preset: "last_30_days" },
        chart: { type: "bar", x: "period", y: ["count"] },
      },
    },
  });
  expect(created.status()).toBe(201);
  const { report } = (await created.json()) as { report: { id: string } };

  await page.goto(`/reports/${report.id}`);
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Export report" });
  const templates = dialog.getByRole("group", { name: "PDF template" });
  // Only PDFs have templates.
  await expect(templates).toHaveCount(0);
  await dialog.getByRole("radio", { name: "PDF", exact: true }).check();
  await expect(templates).toBeVisible();
  await expect(templates.getByRole("radio", { name: "Detailed" })).toBeChecked();
  await templates.getByRole("radio", { name: "Comparison" }).check();
  await dialog.getByRole("radio", { name: "CSV", exact: true }).check();
  await expect(templates).toHaveCount(0);
  await dialog.getByRole("radio", { name: "PDF", exact: true }).check();
  await expect(templates.getByRole("radio", { name: "Comparison" })).toBeChecked();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Export", exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const text = execFileSync("pdftotext", ["-layout", (await download.path())!, "-"], { encoding: "utf8" }).replace(
    /\s+/g,
    " ",
  );
  expect(text).toContain("Compared with");
  expect(text).toContain("Previous period");

  const db = e2eDatabase();
  try {
    const row = db.prepare("SELECT options FROM export_jobs WHERE report_id = ?").get(report.id) as { options: string };
    expect(JSON.parse(row.options)).toMatchObject({ template: "comparison" });
  } finally {
    db.close();
  }
  await dialog.getByRole("button", { name: "Close", exact: true }).click();

  // Copy link: the link downloads the same file with no session at all.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.goto("/exports");
  const row = page.getByRole("table", { name: "Export history" }).getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Succeeded");
  await row.getByRole("button", { name: /^Copy link/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toContainText(name);
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toMatch(/\/api\/exports\/[^/]+\/file\?expires=\d+&sig=[0-9a-f]{64}$/);
  const anonymous = await playwright.request.newContext();
  const file = await anonymous.get(url);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-type"]).toBe("application/pdf");
  expect((await file.body()).equals(readFileSync((await download.path())!))).toBe(true);
  await anonymous.dispose();
});
