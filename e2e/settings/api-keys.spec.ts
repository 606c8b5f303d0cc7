import { expect, request as playwrightRequest, test } from "@playwright/test";
import { signIn } from "../helpers/auth";
import { workspaceBySlug } from "../helpers/db";

test("an admin creates a viewer key, uses it, and revokes it: 401 at once", async ({ page, baseURL }) => {
  const keyName = `CI reader ${Date.now()}`;
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await page.getByLabel("Key name", { exact: true }).fill(keyName);
  await page.getByLabel("Key role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Create key", exact: true }).click();
  const secret = (await page.getByLabel("New API key").innerText()).trim();
  expect(secret).toMatch(/^chr_[A-Za-z0-9_-]{32}$/);
  const row = page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ hasText: keyName });
  await expect(row).toContainText("viewer");
  await expect(row).toContainText("Never");
  await expect(row).toContainText(secret.slice(0, 10));

  // A client with nothing but the key: no cookies.
  const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
  const reports = await api.get("/api/reports");
  expect(reports.status()).toBe(200);
  const reportId = (await reports.json()).reports[0].id;
  const exportRes = await api.post("/api/exports", { data: { reportId, format: "csv" } });
  expect(exportRes.status()).toBe(403);
  expect((await exportRes.json()).error.code).toBe("forbidden");
  const globex = workspaceBySlug("globex");
  expect((await api.get("/api/reports", { headers: { "X-Chartroom-Workspace": globex.id } })).status()).toBe(404);

  await page.reload();
  await expect(row).not.toContainText("Never");
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: `Revoke ${keyName}` }).click();
  await expect(row).toContainText("Revoked");
  const after = await api.get("/api/reports");
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe("unauthorized");
  await api.dispose();
});
