import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PNG } from "pngjs";
import { SmtpStandIn } from "../../testing/smtp-server";
import { chooseSignUpMode, INVITATION_ONLY, INVITATION_OR_JOIN_CODE } from "../helpers/admin";
import { DEMO, signIn } from "../helpers/auth";
import {
  countPixels,
  exportDashboardPdf,
  firstPagePng,
  logoWidth,
  pdfText,
  rgb,
  solidPng,
  storagePath,
} from "../helpers/branding";
import { e2eDatabase } from "../helpers/db";
import { startExtraServer, type ExtraServer } from "../helpers/extra-server";
import { hydrated } from "../helpers/hydration";
import { rotateJoinCode } from "../helpers/join-code";
import { signUpWithJoinCode } from "../helpers/sign-up";

// A colour nothing else in a report draws: found in page 1, it can only be the logo.
const LOGO: [number, number, number] = [255, 0, 170];
const BRAND = "#0f766e";
// 1,234 events of 1.25 USD each: the PDF's counts and sums all run past a thousand.
const EVENTS = 1_234;
const SCREENSHOTS = process.env.E2E_SCREENSHOT_DIR ?? join(process.env.E2E_DATA_DIR ?? ".data/e2e", "screenshots");

function usageCsv(eventType: string): string {
  const at = new Date(Date.now() - 10 * 60_000).toISOString();
  const lines = ["occurred_at,user_id,device_id,event_type,plan,country,duration_ms,revenue"];
  for (let i = 0; i < EVENTS; i++) lines.push(`${at},lc-user-${i % 40},lc-dev-${i % 7},${eventType},pro,UA,1500,1.25`);
  return `${lines.join("\n")}\n`;
}

function workspaceIdByName(name: string): string {
  const db = e2eDatabase();
  try {
    return (db.prepare("SELECT id FROM workspaces WHERE name = ?").get(name) as { id: string }).id;
  } finally {
    db.close();
  }
}

function storedFiles(workspaceId: string): { logo: string; exports: string[] } {
  const db = e2eDatabase();
  try {
    const logo = (db.prepare("SELECT logo_url FROM workspaces WHERE id = ?").get(workspaceId) as { logo_url: string })
      .logo_url;
    const exports = (
      db
        .prepare("SELECT storage_key FROM export_jobs WHERE workspace_id = ? AND storage_key IS NOT NULL")
        .all(workspaceId) as { storage_key: string }[]
    ).map((r) => r.storage_key);
    return { logo, exports };
  } finally {
    db.close();
  }
}

async function openSettings(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Workspace settings" })).toBeVisible();
  await hydrated(page);
}

/** A signed-in page on another server (the one that mails through SMTP), switched to `workspace` in the switcher. */
async function ownerOn(browser: Browser, server: ExtraServer, workspace: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await signIn(page);
  await hydrated(page);
  const switcher = page.getByLabel("Workspace", { exact: true });
  await switcher.selectOption({ label: workspace });
  await expect(switcher.locator("option:checked")).toHaveText(workspace);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  return page;
}

/** The first link to `path` in the mail to `to`, as the path alone: the extra server's port is not the public URL. */
async function mailedPath(smtp: SmtpStandIn, to: string, path: RegExp): Promise<string> {
  const mail = await smtp.waitFor(to);
  const link = new RegExp(`https?://\\S+${path.source}`).exec(mail.parsed.text ?? "")?.[0];
  expect(link, mail.parsed.text).toBeTruthy();
  return new URL(link!).pathname;
}

test("an owner creates, brands and fills a second workspace, people join and leave, and the owner deletes it with its files", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const name = `Zz Lifecycle ${Date.now()}`;
  const invitee = `invitee-${Date.now()}@example.test`;
  const newcomerEmail = `joiner-${Date.now()}@example.test`;
  const smtp = new SmtpStandIn();
  const smtpPort = await smtp.start();
  let server: ExtraServer | null = null;
  let workspaceId: string | null = null;
  try {
    // Mail leaves through a real SMTP server, so links are read where their recipients read them.
    server = await startExtraServer({
      CHARTROOM_MAIL_TRANSPORT: "smtp",
      CHARTROOM_SMTP_HOST: "127.0.0.1",
      CHARTROOM_SMTP_PORT: String(smtpPort),
      CHARTROOM_SMTP_TLS: "none",
    });

    // 1. A second workspace from the switcher.
    await signIn(page);
    await page.getByRole("link", { name: "+ New workspace" }).click();
    await expect(page.getByRole("heading", { name: "New workspace" })).toBeVisible();
    await hydrated(page);
    await page.getByLabel("Workspace name", { exact: true }).fill(name);
    await page.getByLabel("Time zone", { exact: true }).fill("Europe/Berlin");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(page.getByLabel("Workspace", { exact: true }).locator("option:checked")).toHaveText(name);
    workspaceId = workspaceIdByName(name);

    // 2. Logo, time zone, locale and brand colour on its settings page.
    await openSettings(page);
    await page.getByLabel("Logo file").setInputFiles({
      name: "logo.png",
      mimeType: "image/png",
      buffer: solidPng(120, 40, LOGO),
    });
    await expect(page.getByText("Logo uploaded (PNG, 120×40).")).toBeVisible();
    await expect.poll(() => logoWidth(page)).toBe(120);
    await page.getByLabel("Search time zones").fill("kyiv");
    const zone = page.getByLabel("Time zone", { exact: true });
    await zone.selectOption("Europe/Kyiv");
    await expect(zone.locator("option:checked")).toHaveText(/^Europe\/Kyiv \(UTC\+0[23]:00\)$/);
    await page.getByLabel("Number and date format").selectOption("de-DE");
    await page.getByLabel("Brand colour", { exact: true }).fill(BRAND);
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Settings saved.")).toBeVisible();
    const saved = await (await page.request.get(`/api/workspaces/${workspaceId}`)).json();
    expect(saved.workspace).toMatchObject({ name, timezone: "Europe/Kyiv", locale: "de-DE", brandColor: BRAND });
    await page.screenshot({ path: join(SCREENSHOTS, "lifecycle-settings.png"), fullPage: true });

    // 3. Data with numbers past a thousand, imported as a CSV, then a PDF of the usage summary.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Import", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Import data" })).toBeVisible();
    await hydrated(page);
    await page.getByLabel("Dataset", { exact: true }).selectOption({ label: "Usage events" });
    await page.getByLabel("CSV file", { exact: true }).setInputFiles({
      name: "events.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(usageCsv("lifecycle_check")),
    });
    await expect(page.getByRole("group", { name: "Column mapping" }).getByLabel(/^Revenue/)).toHaveValue("revenue");
    await page.getByRole("button", { name: "Start import", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Import finished" })).toHaveText(
      /^Import finished: 1[.,]234 rows stored, 0 rejected\.$/,
      { timeout: 60_000 },
    );

    const pdf = await exportDashboardPdf(page);
    const png = firstPagePng(pdf);
    writeFileSync(join(SCREENSHOTS, "lifecycle-pdf-page-1.png"), PNG.sync.write(png));
    expect(countPixels(png, LOGO, { y: 0, height: 60 })).toBeGreaterThan(200);
    expect(countPixels(png, LOGO, { y: 60, height: png.height })).toBe(0);
    expect(countPixels(png, rgb(BRAND), { y: 0, height: 60 })).toBeGreaterThan(200);
    const text = pdfText(pdf);
    expect(text).toContain(name);
    // German grouping and decimals: 1.234 events, 1.542,50 USD of revenue. Soft, so the rest of the journey
    // still runs and reports when only the numbers are wrong.
    expect.soft(text).toMatch(/(^|\s)1\.234(\s|$)/m);
    expect.soft(text).toMatch(/1\.542,50/);
    expect.soft(text).not.toMatch(/1,234|1,542\.50/);

    // 4. An invitee accepts by the e-mailed link (the invite is sent from the server that mails through SMTP).
    const sender = await ownerOn(browser, server, name);
    await sender.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team", exact: true }).click();
    await expect(sender.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
    await hydrated(sender);
    await sender.getByLabel("E-mail address", { exact: true }).fill(invitee);
    await sender.getByLabel("Invite as", { exact: true }).selectOption("member");
    await sender.getByRole("button", { name: "Send invite", exact: true }).click();
    await expect(sender.getByRole("status").filter({ hasText: `Invite sent to ${invitee}.` })).toBeVisible();
    await sender.context().close();
    const invitePath = await mailedPath(smtp, invitee, /\/invite\/[A-Za-z0-9_-]{40,}/);

    const inviteeContext = await browser.newContext();
    const invited = await inviteeContext.newPage();
    await invited.goto(invitePath);
    await expect(invited.getByRole("heading", { name: `Join ${name}` })).toBeVisible();
    await hydrated(invited);
    await invited.getByLabel("Your name", { exact: true }).fill("Ivy Invitee");
    await invited.getByLabel("Choose a password", { exact: true }).fill("a-long-password");
    await invited.getByRole("button", { name: "Create account and join" }).click();
    await expect(invited.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(invited.getByLabel("Workspace", { exact: true }).locator("option:checked")).toHaveText(name);

    // 5. A brand-new person signs up through the workspace's join link and confirms the address.
    await chooseSignUpMode(page, INVITATION_OR_JOIN_CODE);
    await page.goto("/settings/team");
    await expect(page.getByLabel("Workspace", { exact: true }).locator("option:checked")).toHaveText(name);
    const code = await rotateJoinCode(page);

    const newcomerContext = await browser.newContext({ baseURL: server.url });
    const newcomer = await newcomerContext.newPage();
    // Signed in, the account waits for its address to be confirmed.
    await signUpWithJoinCode(newcomer, code, { name: "Jo Joiner", email: newcomerEmail, password: "a-long-password" });
    const verifyPath = await mailedPath(smtp, newcomerEmail, /\/verify-email\/[A-Za-z0-9_-]{40,}/);
    await newcomer.goto(verifyPath);
    await hydrated(newcomer);
    await newcomer.getByRole("button", { name: "Confirm my address" }).click();
    await expect(newcomer.getByRole("status")).toContainText(`You joined ${name}.`);
    await newcomer.getByRole("link", { name: "Continue" }).click();
    await expect(newcomer.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(newcomer.getByLabel("Workspace", { exact: true }).locator("option:checked")).toHaveText(name);
    await newcomerContext.close();

    const team = async () =>
      ((await (await page.request.get("/api/team")).json()).members as { email: string; role: string }[])
        .map((m) => `${m.email} ${m.role}`)
        .sort();
    expect(await team()).toEqual([`${DEMO} owner`, `${invitee} member`, `${newcomerEmail} member`].sort());

    // 6. The invitee leaves from the settings page; it was their only workspace.
    await openSettings(invited);
    await invited.getByRole("button", { name: "Leave workspace…" }).click();
    await invited.getByRole("button", { name: "Yes, leave" }).click();
    await expect(invited.getByRole("heading", { name: "No workspace yet" })).toBeVisible();
    await inviteeContext.close();
    expect(await team()).toEqual([`${DEMO} owner`, `${newcomerEmail} member`].sort());

    // 7. The owner deletes the workspace after typing its name: its logo and export files go with it.
    const files = storedFiles(workspaceId);
    expect(files.exports.length).toBeGreaterThan(0);
    for (const key of [files.logo, ...files.exports]) expect(existsSync(storagePath(key)), key).toBe(true);
    await page.goto("/");
    await openSettings(page);
    const confirm = page.getByLabel(`Type ${name} to confirm`);
    const deleteButton = page.getByRole("button", { name: "Delete workspace", exact: true });
    await confirm.fill(name.toLowerCase());
    await expect(deleteButton).toBeDisabled();
    await confirm.fill(name);
    await deleteButton.click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(page.getByLabel("Workspace", { exact: true }).getByRole("option", { name })).toHaveCount(0);
    expect((await page.request.get(`/api/workspaces/${workspaceId}`)).status()).toBe(404);
    for (const key of [files.logo, ...files.exports]) expect(existsSync(storagePath(key)), key).toBe(false);
    const audit = (await (await page.request.get("/api/admin/audit?limit=100")).json()).events as {
      action: string;
      actor: string;
      workspaceId: string | null;
    }[];
    expect(audit.filter((e) => e.action === "workspace.deleted" && e.workspaceId === workspaceId)).toEqual([
      expect.objectContaining({ actor: DEMO }),
    ]);
    workspaceId = null;
  } finally {
    await chooseSignUpMode(page, INVITATION_ONLY).catch(() => {});
    // A failed run leaves no workspace behind whose weekly schedule would run for the specs that follow.
    if (workspaceId)
      await page.request.delete(`/api/workspaces/${workspaceId}`, { data: { confirm: name } }).catch(() => {});
    await server?.stop();
    await smtp.stop();
  }
});
