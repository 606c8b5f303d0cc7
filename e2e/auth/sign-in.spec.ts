import { expect, test } from "@playwright/test";
import { DEMO, PASSWORD, signIn } from "../helpers/auth";

test("shows the demo account and signs in to the dashboard", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByText(DEMO)).toBeVisible();
  await expect(page.getByText(PASSWORD)).toBeVisible();
  await signIn(page);
  await expect(page.getByTestId("kpi-events").locator(".kpi-value")).not.toHaveText(/^0$/);
  for (const chart of ["chart-events-per-day", "chart-top-event-types", "chart-model-accuracy"]) {
    await expect(page.getByTestId(chart).locator("svg.recharts-surface").first()).toBeVisible();
  }
  await expect(page.getByTestId("chart-open-alerts")).toBeVisible();
});

test("gives the same message for a wrong password and an unknown email", async ({ page }) => {
  for (const [email, password] of [
    [DEMO, "not-the-password"],
    ["nobody@example.com", PASSWORD],
  ]) {
    await page.goto("/signin");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Invalid email or password.");
    await expect(page).toHaveURL(/\/signin/);
  }
});

test("signs out", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});
