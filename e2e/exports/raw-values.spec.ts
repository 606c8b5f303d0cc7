import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { signIn } from "../helpers/auth";
import { e2eDatabase } from "../helpers/db";

const PSEUDONYM = /^user_[0-9a-f]{12}$/;

async function exportCsv(page: Page, reportId: string, raw: boolean | null): Promise<string[]> {
  await page.goto(`/reports/${reportId}`);
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Export report" });
  const option = dialog.getByRole("checkbox", { name: /Raw values of sensitive fields/ });
  if (raw === null) {
    await expect(dialog.getByRole("radio", { name: "CSV", exact: true })).toBeVisible();
    await expect(option).toHaveCount(0);
  } else if (raw) {
    await option.check();
  }
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Export", exact: true }).click(),
  ]);
  const rows = Papa.parse<Record<string, string>>(
    readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, ""),
    {
      header: true,
      skipEmptyLines: true,
    },
  ).data;
  return rows.map((r) => r["User ID"]);
}

test("sensitive fields are pseudonymised unless an admin asks for raw values", async ({ page, browser }) => {
  await signIn(page);
  const created = await page.request.post("/api/reports", {
    data: {
      name: `Who did what ${Date.now()}`,
      definition: {
        dataset: "usage_events",
        columns: ["occurred_at", "user_id", "event_type"],
        timeRange: { type: "relative", preset: "last_30_days" },
        limit: 40,
      },
    },
  });
  expect(created.status()).toBe(201);
  const { report } = await created.json();

  const masked = await exportCsv(page, report.id, false);
  expect(masked).toHaveLength(40);
  expect(masked.every((id) => PSEUDONYM.test(id))).toBe(true);

  const raw = await exportCsv(page, report.id, true);
  const db = e2eDatabase();
  const known = new Set(
    (db.prepare("SELECT DISTINCT user_id FROM usage_events").all() as { user_id: string }[]).map((r) => r.user_id),
  );
  db.close();
  expect(raw).toHaveLength(40);
  expect(raw.every((id) => known.has(id))).toBe(true);

  // A member is not offered the option at all.
  const member = await browser.newPage();
  await signIn(member, "mia@acme.test");
  const memberIds = await exportCsv(member, report.id, null);
  expect(memberIds.every((id) => PSEUDONYM.test(id))).toBe(true);
  await member.close();
});
