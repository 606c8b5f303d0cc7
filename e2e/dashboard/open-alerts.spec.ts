import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";

test("the sidebar's Alerts and the dashboard count the same open alerts", async ({ page }) => {
  await signIn(page);
  const tile = page.getByTestId("kpi-open-alerts");
  await expect(tile).not.toContainText("…");
  const shown = Number((await tile.locator(".kpi-value").textContent())?.replace(/\D/g, ""));
  expect(shown).toBeGreaterThan(0);

  const card = page.getByTestId("chart-open-alerts");
  const bySeverity = await card.locator(".severity-count").allTextContents();
  expect(bySeverity.reduce((sum, n) => sum + Number(n.replace(/\D/g, "")), 0)).toBe(shown);

  const badge = page.getByTestId("sidebar-open-alerts");
  await expect(badge).toHaveText(`${shown} open`);
  await page.getByRole("button", { name: /^Alerts/ }).click();
  const panel = page.getByRole("region", { name: "Alerts" });
  await expect(panel).not.toContainText("No open alerts");
  await expect(panel.getByRole("link", { name: `All ${shown} on the dashboard` })).toBeVisible();
  const newest = await card.locator(".alert-title").first().textContent();
  await expect(panel.getByRole("list", { name: "Most recent open alerts" }).locator("strong").first()).toHaveText(
    newest!,
  );
});
