import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";

const SCREENSHOTS = process.env.E2E_SCREENSHOT_DIR ?? join(process.env.E2E_DATA_DIR ?? ".data/e2e", "screenshots");

test("an owner schedules a report, runs it now and finds the e-mail with its PDF in the outbox", async ({ page }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const name = `Weekday usage ${stamp}`;
  const recipient = `ops-${stamp}@example.com`;

  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schedules" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Schedules" })).toBeVisible();
  // Files go to buckets and webhooks too, not only to inboxes, and the page says so.
  await expect(
    page.getByText(
      "Reports that run by themselves and deliver their files by e-mail, to an S3 bucket or to a webhook.",
    ),
  ).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, "schedules-list.png"), fullPage: true });
  await page.getByRole("link", { name: "New schedule" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New schedule" })).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Report", { exact: true }).selectOption({ label: "Usage Summary" });
  // The workspace's timezone is the default.
  await expect(page.getByLabel("Timezone")).toHaveValue("America/New_York");

  // A broken cron expression: the server's message shows next to the field.
  await page.getByLabel("Frequency").selectOption({ label: "Custom cron" });
  const cron = page.getByLabel("Cron expression");
  await cron.fill("61 * * * *");
  await expect(cron).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Frequency").selectOption({ label: "Every weekday (Monday to Friday)" });
  await page.getByLabel("Time", { exact: true }).fill("08:30");
  const nextRuns = page.getByRole("list", { name: "Next run times" }).getByRole("listitem");
  await expect(nextRuns).toHaveCount(5);
  await expect(nextRuns.first()).toContainText("8:30 AM");
  await expect(nextRuns.first()).toContainText("America/New_York");
  await expect(page.getByTestId("schedule-description")).not.toBeEmpty();

  for (const format of ["CSV", "XLSX", "JSON"]) {
    await expect(page.getByRole("checkbox", { name: format, exact: true })).not.toBeChecked();
  }
  await page.getByRole("checkbox", { name: "PDF", exact: true }).check();

  // The client catches an address that cannot be one before sending anything.
  const recipients = page.getByLabel("Recipients");
  await recipients.fill("not-an-address");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(recipients).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("This is not an e-mail address: not-an-address")).toBeVisible();
  // The server is the judge: a one-letter top-level domain passes here and comes back as recipients.1.
  await recipients.fill(`${recipient}\nx@example.c`);
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page.getByText('"x@example.c" is not an e-mail address.')).toBeVisible();
  await expect(recipients).toHaveAttribute("aria-invalid", "true");
  await expect(recipients).toBeFocused();
  await expect(page).toHaveURL(/\/schedules\/new$/);
  await recipients.fill(recipient);
  await page.getByRole("button", { name: "Create schedule" }).click();

  await expect(page).toHaveURL(/\/schedules$/);
  const row = page.getByRole("row", { name });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Usage Summary");
  await expect(row).toContainText("PDF");
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await expect(row.locator("time").first()).toBeVisible();

  // Run now opens the history, which follows the run until it ends.
  await row.getByRole("button", { name: `Run now ${name}` }).click();
  const history = page.getByRole("table", { name: `Runs of ${name}` });
  const run = history.getByTestId("schedule-run").first();
  await expect(run).toContainText("Run now");
  await expect(run.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(run).toContainText(recipient);
  await expect(run.getByText("Sent", { exact: true })).toBeVisible();
  await expect(run.getByRole("link", { name: /^PDF/ })).toHaveAttribute("href", /^\/api\/exports\/[^/]+\/download$/);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  const email = page.getByRole("list", { name: "E-mails" }).getByRole("button").filter({ hasText: recipient });
  await expect(email).toHaveCount(1);
  await expect(email).toContainText("Usage Summary");
  await expect(email).toContainText(".pdf");
  await email.click();
  await expect(page.locator("iframe[sandbox='']")).toBeVisible();
  const attachment = page.getByRole("region", { name: "Attachments" }).getByRole("link", { name: /\.pdf$/ });
  const [download] = await Promise.all([page.waitForEvent("download"), attachment.click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
});
