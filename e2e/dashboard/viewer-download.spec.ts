import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";
import { expectUsageSummaryMatchesDatabase } from "../helpers/usage-summary";

test("a viewer downloads the dashboard's report straight from the streaming route", async ({ page }) => {
  await signIn(page, "victor@acme.test");
  await page.getByRole("button", { name: "Last 30 days" }).click();
  const from = await page.getByLabel("From", { exact: true }).inputValue();
  const to = await page.getByLabel("To", { exact: true }).inputValue();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download report" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`usage-summary_acme_${from}_${to}.csv`);
  const rows = expectUsageSummaryMatchesDatabase(readFileSync((await download.path())!, "utf8"), "acme", from, to);
  expect(new Set(rows.map((r) => r.Day)).size).toBe(30);
});
