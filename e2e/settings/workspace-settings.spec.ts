import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { DEMO, signIn } from "../helpers/auth";
import { countPixels, exportDashboardPdf, firstPagePng, logoWidth, solidPng, storagePath } from "../helpers/branding";
import { e2eDatabase, workspaceOwnedBy } from "../helpers/db";
import { hydrated } from "../helpers/hydration";

// A colour nothing else in a report draws: found in page 1, it can only be the logo.
const LOGO: [number, number, number] = [255, 0, 170];
const BRAND = "#7c3aed";
const MEMBER = "mia@acme.test";
const ADMIN = "alex@acme.test";
const SCREENSHOTS = process.env.E2E_SCREENSHOT_DIR ?? join(process.env.E2E_DATA_DIR ?? ".data/e2e", "screenshots");

function writable() {
  return new Database(join(process.cwd(), process.env.E2E_DATA_DIR ?? ".data/e2e", "chartroom.db"));
}

function addMember(workspaceId: string, email: string, role: string) {
  const db = writable();
  try {
    const user = db.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: string };
    db.prepare("INSERT INTO memberships (id, user_id, workspace_id, role, created_at) VALUES (?, ?, ?, ?, ?)").run(
      `m${workspaceId}${role}`,
      user.id,
      workspaceId,
      role,
      Date.now(),
    );
  } finally {
    db.close();
  }
}

function row<T>(sql: string, ...params: unknown[]): T | undefined {
  const db = e2eDatabase();
  try {
    return db.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.close();
  }
}

async function enter(page: Page, workspaceId: string) {
  const res = await page.request.post("/api/workspaces/current", { data: { workspaceId } });
  expect(res.status()).toBe(200);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Workspace settings" })).toBeVisible();
  await hydrated(page);
}

test("an owner brands a workspace, a member leaves it, and the owner deletes another with its files", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const workspaceId = workspaceOwnedBy(DEMO, "wsset");
  addMember(workspaceId, MEMBER, "member");
  addMember(workspaceId, ADMIN, "admin");
  const renamed = `${workspaceId} renamed`;

  await signIn(page);
  await enter(page, workspaceId);
  // The only owner cannot leave, and is told why.
  await expect(page.getByRole("button", { name: "Leave workspace…" })).toBeDisabled();
  await expect(page.getByText("You are the last owner of this workspace")).toBeVisible();

  await page.getByLabel("Logo file").setInputFiles({
    name: "logo.png",
    mimeType: "image/png",
    buffer: solidPng(120, 40, LOGO),
  });
  await expect(page.getByText("Logo uploaded (PNG, 120×40).")).toBeVisible();
  await expect.poll(() => logoWidth(page)).toBe(120);

  await page.getByLabel("Search time zones").fill("kyiv");
  const zone = page.getByLabel("Time zone", { exact: true });
  await expect(zone.getByRole("option")).toHaveCount(2);
  await zone.selectOption("Europe/Kyiv");
  await expect(zone.locator("option:checked")).toHaveText(/^Europe\/Kyiv \(UTC\+0[23]:00\)$/);
  await page.getByLabel("Number and date format").selectOption("de-DE");
  await page.getByLabel("Brand colour", { exact: true }).fill(BRAND);
  await page.getByLabel("Name", { exact: true }).fill(renamed);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  expect(row("SELECT name, timezone, locale, brand_color FROM workspaces WHERE id = ?", workspaceId)).toEqual({
    name: renamed,
    timezone: "Europe/Kyiv",
    locale: "de-DE",
    brand_color: BRAND,
  });
  // The shell takes the new colour without a reload.
  await expect
    .poll(() => page.locator(".app-shell").evaluate((el) => getComputedStyle(el).getPropertyValue("--brand").trim()))
    .toBe(BRAND);
  await page.screenshot({ path: join(SCREENSHOTS, "workspace-settings-owner.png"), fullPage: true });

  // Page 1 of the PDF as pdftoppm draws it: the logo's colour and the brand colour in its top band.
  const pdf = await exportDashboardPdf(page);
  const png = firstPagePng(pdf);
  expect(countPixels(png, LOGO, { y: 0, height: 60 })).toBeGreaterThan(200);
  expect(countPixels(png, LOGO, { y: 60, height: png.height })).toBe(0);
  expect(countPixels(png, [0x7c, 0x3a, 0xed], { y: 0, height: 60 })).toBeGreaterThan(200);

  // An admin changes everything but the name: it is shown read-only, and the API refuses a rename.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN);
  await enter(admin, workspaceId);
  const adminName = admin.getByLabel("Name", { exact: true });
  await expect(adminName).toHaveValue(renamed);
  await expect(adminName).not.toBeEditable();
  await expect(adminName).toHaveAccessibleDescription("Only owners can rename this workspace.");
  await expect(admin.getByLabel("Brand colour", { exact: true })).toBeEditable();
  await admin.screenshot({ path: join(SCREENSHOTS, "workspace-settings-admin.png"), fullPage: true });
  const refused = await admin.request.patch("/api/settings", {
    headers: { "X-Chartroom-Workspace": workspaceId },
    data: { name: "Taken over" },
  });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({
    error: { code: "forbidden", message: "Only an owner can rename a workspace.", param: "name" },
  });
  expect(row("SELECT name FROM workspaces WHERE id = ?", workspaceId)).toEqual({ name: renamed });
  await adminContext.close();

  // A member sees the settings read-only and leaves.
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  await signIn(member, MEMBER);
  await enter(member, workspaceId);
  await expect(member.getByText("Only admins and owners can change these settings")).toBeVisible();
  await expect(member.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(member.getByRole("button", { name: "Save settings" })).toHaveCount(0);
  await expect.poll(() => logoWidth(member)).toBe(120);
  await member.screenshot({ path: join(SCREENSHOTS, "workspace-settings-member.png"), fullPage: true });
  await member.getByRole("button", { name: "Leave workspace…" }).click();
  await member.getByRole("button", { name: "Yes, leave" }).click();
  await expect(member.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  expect(
    row(
      "SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = ? AND m.workspace_id = ?",
      MEMBER,
      workspaceId,
    ),
  ).toBeUndefined();
  await memberContext.close();

  // A second workspace with a logo and an export file, deleted after typing its name.
  const doomed = workspaceOwnedBy(DEMO, "wsdel");
  await enter(page, doomed);
  await page
    .getByLabel("Logo file")
    .setInputFiles({ name: "l.png", mimeType: "image/png", buffer: solidPng(20, 20, LOGO) });
  await expect(page.getByRole("img", { name: "Workspace logo" })).toBeVisible();
  await exportDashboardPdf(page);
  const logoKey = row<{ logo_url: string }>("SELECT logo_url FROM workspaces WHERE id = ?", doomed)!.logo_url;
  const exportKey = row<{ storage_key: string }>(
    "SELECT storage_key FROM export_jobs WHERE workspace_id = ? AND status = 'succeeded'",
    doomed,
  )!.storage_key;
  expect(existsSync(storagePath(logoKey))).toBe(true);
  expect(existsSync(storagePath(exportKey))).toBe(true);

  // The API wants the name typed out too, exactly, whatever the page does.
  for (const data of [undefined, { confirm: doomed.toUpperCase() }, { confirm: `${doomed} ` }]) {
    const refused = await page.request.delete(`/api/workspaces/${doomed}`, { data });
    expect(refused.status(), JSON.stringify(data)).toBe(400);
    expect((await refused.json()).error, JSON.stringify(data)).toMatchObject({
      code: "invalid_parameter",
      param: "confirm",
    });
  }
  expect(row("SELECT id FROM workspaces WHERE id = ?", doomed)).toEqual({ id: doomed });

  await enter(page, doomed);
  await expect.poll(() => logoWidth(page)).toBe(20);
  const deleteButton = page.getByRole("button", { name: "Delete workspace", exact: true });
  await page.getByLabel(`Type ${doomed} to confirm`).fill(`${doomed} `);
  await expect(deleteButton).toBeDisabled();
  await page.getByLabel(`Type ${doomed} to confirm`).fill(doomed);
  await page.screenshot({ path: join(SCREENSHOTS, "workspace-settings-delete.png"), fullPage: true });
  await deleteButton.click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  expect(row("SELECT id FROM workspaces WHERE id = ?", doomed)).toBeUndefined();
  expect(existsSync(storagePath(logoKey))).toBe(false);
  expect(existsSync(storagePath(exportKey))).toBe(false);
  expect(
    row("SELECT actor FROM instance_audit_events WHERE action = 'workspace.deleted' AND workspace_id = ?", doomed),
  ).toEqual({ actor: DEMO });
  // The branded workspace and its logo are still there.
  const kept = row<{ logo_url: string }>("SELECT logo_url FROM workspaces WHERE id = ?", workspaceId)!;
  expect(existsSync(storagePath(kept.logo_url))).toBe(true);
});
