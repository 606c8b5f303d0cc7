import { expect, type Page } from "@playwright/test";
import { hydrated } from "./hydration";

export const INVITATION_ONLY = "By invitation only (join codes add existing accounts)";
export const INVITATION_OR_JOIN_CODE = "Invitation or a workspace's join code";

/** Sets the instance's sign-up mode on the admin page (the page must be signed in as an instance admin). */
export async function chooseSignUpMode(page: Page, label: string) {
  await page.goto("/admin");
  await hydrated(page);
  await page.getByLabel("Sign-up", { exact: true }).selectOption({ label });
  await page.getByRole("button", { name: "Save sign-up settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
}
