import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";

test("an owner edits, pauses, resumes and deletes a schedule from the list", async ({ page }) => {
  await signIn(page);
  const reports = (await (await page.request.get("/api/reports")).json()) as {
    reports: { id: string; name: string }[];
  };
  const usage = reports.reports.find((r) => r.name === "Usage Summary");
  expect(usage).toBeDefined();
  const name = `Manage me ${Date.now()}`;
  const created = await page.request.post("/api/schedules", {
    data: { name, reportId: usage!.id, cron: "15 7 */2 * *", formats: ["csv"], recipients: ["team@example.com"] },
  });
  expect(created.status()).toBe(201);

  await page.goto("/schedules");
  const row = page.getByRole("row", { name });
  await expect(row).toBeVisible();

  // A cron the presets cannot say opens as a custom expression, unchanged.
  await row.getByRole("link", { name: `Edit ${name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Edit “${name}”` })).toBeVisible();
  await expect(page.getByLabel("Frequency")).toHaveValue("custom");
  await expect(page.getByLabel("Cron expression")).toHaveValue("15 7 */2 * *");
  await expect(page.getByLabel("Recipients")).toHaveValue("team@example.com");
  await expect(page.getByRole("checkbox", { name: "CSV", exact: true })).toBeChecked();

  // Back to a preset: weekly on Friday at 17:45, in Berlin.
  await page.getByLabel("Frequency").selectOption({ label: "Every week" });
  await page.getByLabel("Day of the week").selectOption({ label: "Friday" });
  await page.getByLabel("Time", { exact: true }).fill("17:45");
  await page.getByLabel("Timezone").selectOption("Europe/Berlin");
  const nextRuns = page.getByRole("list", { name: "Next run times" }).getByRole("listitem");
  await expect(nextRuns).toHaveCount(5);
  for (const item of await nextRuns.all()) await expect(item).toContainText(/^Fri, .* 5:45 PM Europe\/Berlin/);
  await page.getByRole("button", { name: "Save changes" }).click();

  await expect(page).toHaveURL(/\/schedules$/);
  await expect(row).toContainText(/Friday/);
  await expect(row).toContainText("Europe/Berlin");

  await row.getByRole("button", { name: `Pause ${name}` }).click();
  await expect(row.getByText("Paused", { exact: true }).last()).toBeVisible();
  await expect(row.getByRole("button", { name: `Resume ${name}` })).toBeVisible();
  await row.getByRole("button", { name: `Resume ${name}` }).click();
  await expect(row.getByText("Active", { exact: true })).toBeVisible();

  // Delete asks first: dismissing keeps the schedule, accepting removes it.
  page.once("dialog", (dialog) => void dialog.dismiss());
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await expect(row).toBeVisible();
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain(name);
    void dialog.accept();
  });
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await expect(row).toHaveCount(0);
  const gone = await page.request.get(
    `/api/schedules/${((await created.json()) as { schedule: { id: string } }).schedule.id}`,
  );
  expect(gone.status()).toBe(404);
});
