import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "../helpers/auth";

test("only admins and owners see the outbox: no menu entry, page or API for members and viewers", async ({
  page,
  browser,
}) => {
  for (const email of ["victor@acme.test", "mia@acme.test"]) {
    const context = await browser.newContext();
    const other = await context.newPage();
    await signIn(other, email);
    const nav = other.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Reports", exact: true })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Outbox" })).toHaveCount(0);
    await other.goto("/outbox");
    await expect(other.getByText("Only admins and owners see the workspace's outbox.")).toBeVisible();
    await expect(other.getByRole("list", { name: "E-mails" })).toHaveCount(0);
    const api = await other.request.get("/api/outbox");
    expect(api.status()).toBe(403);
    expect((await api.json()).error.code).toBe("forbidden");
    await context.close();
  }

  await signIn(page, DEMO);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  expect((await page.request.get("/api/outbox")).status()).toBe(200);
});
