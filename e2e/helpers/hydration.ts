import { expect, type Page } from "@playwright/test";

/**
 * Waits until React has hydrated the page. A form filled and submitted before that is
 * submitted by the browser itself, which reloads the page and loses what was typed.
 */
export async function hydrated(page: Page, message?: string): Promise<void> {
  await page.waitForLoadState("load");
  // React marks the nodes it hydrated or rendered (after a client-side navigation the body's
  // first child is a script); a page whose scripts did not run has none.
  await expect
    .poll(
      () =>
        page.evaluate(() =>
          Array.from(document.body.querySelectorAll("div")).some((el) =>
            Object.keys(el).some((k) => k.startsWith("__react")),
          ),
        ),
      { message },
    )
    .toBe(true);
}
