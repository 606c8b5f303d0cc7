import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import { signIn } from "../helpers/auth";
import { e2eDatabase, localDay, workspaceBySlug } from "../helpers/db";

test("downloads the dashboard's usage report as a CSV that matches the database", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Last 7 days" }).click();
  const fromValue = await page.getByLabel("From", { exact: true }).inputValue();
  const toValue = await page.getByLabel("To", { exact: true }).inputValue();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download report" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`usage-summary_acme_${fromValue}_${toValue}.csv`);
  const text = readFileSync((await download.path())!, "utf8");
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.meta.fields).toEqual([
    "Day",
    "Event type",
    "Events",
    "Unique users",
    "Unique devices",
    "Total duration (ms)",
    "Revenue (USD)",
  ]);

  // Expected rows, counted from the raw events with Intl's own time-zone handling.
  const acme = workspaceBySlug("acme");
  const db = e2eDatabase();
  const events = db
    .prepare("SELECT occurred_at AS at, event_type FROM usage_events WHERE workspace_id = ?")
    .all(acme.id) as { at: number; event_type: string }[];
  db.close();
  const expected = new Map<string, number>();
  for (const e of events) {
    const day = localDay(acme.timezone, e.at);
    if (day < fromValue || day > toValue) continue;
    const key = `${day}|${e.event_type}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  expect(parsed.data.length).toBe(expected.size);
  for (const row of parsed.data) expect(Number(row.Events)).toBe(expected.get(`${row.Day}|${row["Event type"]}`));
  expect(new Set(parsed.data.map((r) => r.Day)).size).toBe(7);
});
