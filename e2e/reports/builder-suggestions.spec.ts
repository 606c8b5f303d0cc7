import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";
import { hydrated } from "../helpers/hydration";

test.use({ viewport: { width: 1440, height: 900 } });

test("filter values are suggested from the data and searchable, and picking one fills the filter", async ({ page }) => {
  await signIn(page);
  await page.goto("/reports/new");
  await hydrated(page);
  await page.getByRole("button", { name: "Add filter", exact: true }).click();
  await page.getByLabel("Filter 1 field", { exact: true }).selectOption({ label: "Plan" });
  await page.getByRole("button", { name: "Values… for filter 1" }).click();

  const values = page.getByRole("list", { name: "Values of Plan" });
  // The demo's plans, the most frequent first.
  await expect(values.getByRole("button")).toHaveText(["free", "starter", "pro", "enterprise"]);
  await page.getByLabel("Search values of plan").fill("ER");
  await expect(values.getByRole("button")).toHaveText(["starter", "enterprise"]);
  await page.screenshot({ path: "test-results/builder-suggestions.png" });
  await values.getByRole("button", { name: "enterprise" }).click();
  await expect(page.getByLabel("Filter 1 value", { exact: true })).toHaveValue("enterprise");
  await expect(values).toHaveCount(0);

  // "is one of" collects several values.
  await page.getByLabel("Filter 1 operator", { exact: true }).selectOption({ label: "is one of" });
  await page.getByLabel("Filter 1 value", { exact: true }).fill("");
  await page.getByRole("button", { name: "Values… for filter 1" }).click();
  await values.getByRole("button", { name: "pro" }).click();
  await values.getByRole("button", { name: "free" }).click();
  await expect(page.getByLabel("Filter 1 value", { exact: true })).toHaveValue("pro, free");
  await expect(values.getByRole("button", { name: "pro" })).toHaveAttribute("aria-pressed", "true");

  // A text filter may ignore case: "PRO" then finds the "pro" rows.
  await page.getByLabel("Filter 1 value", { exact: true }).fill("PRO");
  await page.getByLabel("Ignore case (A–Z) in filter 1").check();
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.locator("tbody tr").first()).toBeVisible();
  await expect(preview.getByText("No rows match this report.")).toHaveCount(0);
  await page.getByLabel("Ignore case (A–Z) in filter 1").uncheck();
  await expect(preview.getByText("No rows match this report.")).toBeVisible();
});

test("a member is offered no values of a personal field, and the API refuses them too", async ({ page }) => {
  await signIn(page, "mia@acme.test");
  await page.goto("/reports/new");
  await hydrated(page);
  await page.getByRole("button", { name: "Add filter", exact: true }).click();
  await page.getByLabel("Filter 1 field", { exact: true }).selectOption({ label: "Plan" });
  await expect(page.getByRole("button", { name: "Values… for filter 1" })).toBeVisible();
  await page.getByLabel("Filter 1 field", { exact: true }).selectOption({ label: "User ID" });
  await expect(page.getByRole("button", { name: "Values… for filter 1" })).toHaveCount(0);
  const refused = await page.request.get("/api/datasets/usage_events/fields/user_id/values");
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toMatchObject({ code: "forbidden", param: "field" });
});

test("the preview stays in view while the form scrolls, and a lowered row limit is told beside the field", async ({
  page,
}) => {
  await signIn(page);
  await page.goto("/reports/new");
  await hydrated(page);
  // A long form: enough filters that its end lies far below the first screen.
  for (let n = 1; n <= 8; n++) {
    await page.getByRole("button", { name: "Add filter", exact: true }).click();
    await page.getByLabel(`Filter ${n} operator`, { exact: true }).selectOption({ label: "is not empty" });
  }
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.locator("tbody tr").first()).toBeVisible();

  const limit = page.getByLabel("Row limit", { exact: true });
  await limit.fill("20000000");
  await limit.scrollIntoViewIfNeeded();
  const beside = page.locator(".field", { has: limit }).locator('[data-notice="limit_clamped"]');
  await expect(beside).toContainText("Row limit lowered from 20,000,000 to the maximum of 10,000,000.");
  // Right under the field typed in, and at the top of the preview, which is in view.
  const field = (await limit.boundingBox())!;
  const notice = (await beside.boundingBox())!;
  expect(notice.y - (field.y + field.height)).toBeLessThan(40);
  await expect(preview.locator('[data-notice="limit_clamped"]')).toBeInViewport();

  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(400);
  const box = await preview.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeLessThan(200);
  await expect(preview.getByRole("heading", { name: "Preview" })).toBeInViewport();
  await page.screenshot({ path: "test-results/builder-scrolled.png" });

  // Narrow: the preview follows the form, one link away from its top.
  await page.setViewportSize({ width: 800, height: 900 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole("link", { name: "Jump to the preview" }).click();
  await expect(preview.getByRole("heading", { name: "Preview" })).toBeInViewport();
  await page.screenshot({ path: "test-results/builder-narrow.png" });
});
