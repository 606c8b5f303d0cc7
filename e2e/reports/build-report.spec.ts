import { expect, test, type Locator, type Page } from "@playwright/test";
import { signIn } from "../helpers/auth";

/** The preview region, once it shows the rows of the definition currently on screen. */
async function settledPreview(page: Page): Promise<Locator> {
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).toHaveAttribute("aria-busy", "false");
  return preview;
}

async function cellTexts(row: Locator): Promise<string[]> {
  return row.getByRole("cell").allInnerTexts();
}

test("builds a report from scratch, saves it and reopens it exactly as it was", async ({ page }) => {
  const reportName = `Revenue by plan ${Date.now()}`;

  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  await page.getByRole("link", { name: "New report", exact: true }).click();
  await expect(page).toHaveURL(/\/reports\/new$/);
  await expect(page.getByRole("heading", { level: 1, name: "New report" })).toBeVisible();

  const nameInput = page.getByLabel("Report name", { exact: true });
  await expect(nameInput).toHaveValue("Untitled report");
  await nameInput.fill(reportName);
  await page.getByLabel("Dataset", { exact: true }).selectOption({ label: "Usage events" });

  const groupBy = page.getByRole("group", { name: "Group by", exact: true });
  await groupBy.getByRole("checkbox", { name: "Plan", exact: true }).check();
  await page.getByLabel("Time bucket", { exact: true }).selectOption({ label: "Week" });

  const addMeasure = page.getByRole("button", { name: "Add measure", exact: true });
  await addMeasure.click();
  await expect(page.getByLabel("Measure 1 function", { exact: true })).toHaveValue("count");
  await addMeasure.click();
  await page.getByLabel("Measure 2 function", { exact: true }).selectOption({ label: "Sum" });
  await page.getByLabel("Measure 2 field", { exact: true }).selectOption({ label: "Revenue" });

  await page.getByRole("button", { name: "Add filter", exact: true }).click();
  await page.getByLabel("Filter 1 field", { exact: true }).selectOption({ label: "Event type" });
  await page.getByLabel("Filter 1 operator", { exact: true }).selectOption({ label: "is" });
  await page.getByLabel("Filter 1 value", { exact: true }).fill("purchase");

  await page.getByLabel("Time range", { exact: true }).selectOption({ label: "Last 30 days" });

  const preview = await settledPreview(page);
  const headers = preview.getByRole("columnheader");
  await expect(headers).toHaveText(["Week of", "Plan", "Count", "Total revenue"]);
  const firstRow = preview.getByRole("row").nth(1);
  await expect(firstRow).toBeVisible();
  const firstRowBefore = await cellTexts(firstRow);
  expect(firstRowBefore).toHaveLength(4);
  await expect(preview.getByText(/^Rows 1–\d+ of [\d,]+$/)).toBeVisible();
  await expect(page.getByText("Unsaved changes", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/reports\/(?!new$)[^/?#]+$/);
  await expect(page.getByRole("heading", { level: 1, name: reportName })).toBeVisible();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: reportName })).toBeVisible();
  await expect(page.getByLabel("Report name", { exact: true })).toHaveValue(reportName);
  const dataset = page.getByLabel("Dataset", { exact: true });
  await expect(dataset).toHaveValue("usage_events");
  await expect(dataset.locator("option:checked")).toHaveText("Usage events");

  const groupByAfter = page.getByRole("group", { name: "Group by", exact: true });
  await expect(groupByAfter.getByRole("checkbox", { name: "Plan", exact: true })).toBeChecked();
  await expect(groupByAfter.getByRole("checkbox", { checked: true })).toHaveCount(1);
  await expect(page.getByLabel("Time bucket", { exact: true })).toHaveValue("week");

  await expect(page.getByLabel("Measure 1 function", { exact: true })).toHaveValue("count");
  await expect(page.getByLabel("Measure 2 function", { exact: true })).toHaveValue("sum");
  await expect(page.getByLabel("Measure 2 field", { exact: true })).toHaveValue("revenue");
  await expect(page.getByLabel("Measure 3 function", { exact: true })).toHaveCount(0);

  await expect(page.getByLabel("Filter 1 field", { exact: true })).toHaveValue("event_type");
  await expect(page.getByLabel("Filter 1 operator", { exact: true })).toHaveValue("eq");
  await expect(page.getByLabel("Filter 1 value", { exact: true })).toHaveValue("purchase");
  await expect(page.getByLabel("Filter 2 field", { exact: true })).toHaveCount(0);

  const timeRange = page.getByLabel("Time range", { exact: true });
  await expect(timeRange).toHaveValue("last_30_days");
  await expect(timeRange.locator("option:checked")).toHaveText("Last 30 days");

  await expect(page.getByText("Unsaved changes", { exact: true })).toHaveCount(0);
  const previewAfter = await settledPreview(page);
  await expect(previewAfter.getByRole("columnheader")).toHaveText(["Week of", "Plan", "Count", "Total revenue"]);
  const firstRowAfter = previewAfter.getByRole("row").nth(1);
  await expect(firstRowAfter).toBeVisible();
  expect(await cellTexts(firstRowAfter)).toEqual(firstRowBefore);
});
