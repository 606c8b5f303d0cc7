import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";
import { expectUsageSummaryMatchesDatabase } from "../helpers/usage-summary";

test("downloads the dashboard's usage report as a CSV that matches the database", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Last 7 days" }).click();
  const fromValue = await page.getByLabel("From", { exact: true }).inputValue();
  const toValue = await page.getByLabel("To", { exact: true }).inputValue();

  await page.getByRole("button", { name: "Download report" }).click();
  const dialog = page.getByRole("dialog", { name: "Export report" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("radio", { name: "CSV", exact: true }).check();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Export", exact: true }).click(),
  ]);
  // The export job names the file after its name, "Usage summary".
  expect(download.suggestedFilename()).toBe(`Usage-summary_acme_${fromValue}_${toValue}.csv`);
  await expect(dialog.getByRole("status")).toContainText("Done — ");
  await expect(dialog.getByRole("link", { name: "Download again", exact: true })).toBeVisible();
  const rows = expectUsageSummaryMatchesDatabase(
    readFileSync((await download.path())!, "utf8"),
    "acme",
    fromValue,
    toValue,
  );
  expect(new Set(rows.map((r) => r.Day)).size).toBe(7);
});
