import { expect, type Page } from "@playwright/test";

/**
 * Creates or rotates the join code on the team page and returns the new one. Waits for the
 * server's answer: the page still shows the old code until it arrives.
 */
export async function rotateJoinCode(page: Page): Promise<string> {
  const answered = page.waitForResponse(
    (res) => res.url().endsWith("/api/team/join-code") && res.request().method() === "POST",
  );
  await page.getByRole("button", { name: /^(Create|Rotate) code$/ }).click();
  const res = await answered;
  expect(res.status()).toBe(200);
  const { joinCode } = (await res.json()) as { joinCode: string };
  await expect(page.getByLabel("Join code")).toHaveText(joinCode);
  return joinCode;
}
