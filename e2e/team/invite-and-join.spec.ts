import { expect, test } from "@playwright/test";
import { DEMO, GINA, signIn, signInApi } from "../helpers/auth";
import { e2eDatabase } from "../helpers/db";
import { rotateJoinCode } from "../helpers/join-code";

/** What the outbox kept of the invite e-mail to `email`. */
function keptInvite(email: string): { text: string; html: string } {
  const db = e2eDatabase();
  try {
    const row = db
      .prepare("SELECT text, html FROM outbox_emails WHERE to_address = ? ORDER BY created_at DESC")
      .get(email) as { text: string; html: string } | undefined;
    if (!row) throw new Error(`no invite e-mail to ${email}`);
    return row;
  } finally {
    db.close();
  }
}

test("an invite by e-mail creates an account in the workspace; a join code adds it to another", async ({
  page,
  browser,
}) => {
  const email = `new-${Date.now()}@example.test`;
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
  await page.getByLabel("E-mail address", { exact: true }).fill(email);
  await page.getByLabel("Invite as", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Send invite", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invite sent to ${email}.` })).toBeVisible();
  await expect(page.getByRole("table", { name: "Pending invites" })).toContainText(email);

  // The outbox keeps the e-mail without its link: whoever reads it cannot accept in the invitee's place.
  const kept = keptInvite(email);
  expect(`${kept.text}${kept.html}`).not.toMatch(/\/invite\/[A-Za-z0-9_-]{20,}/);
  expect(kept.text).toContain("[link withheld");
  // The admin hands the invitee a fresh link instead.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: `Copy invite link for ${email}` }).click();
  await expect(page.getByRole("status", { name: "Invite link" })).toContainText(`Link copied for ${email}`);
  const link = new URL(await page.evaluate(() => navigator.clipboard.readText())).pathname;
  expect(link).toMatch(/^\/invite\/[A-Za-z0-9_-]{40,}$/);

  // Gina (Globex owner) makes a join code for Globex.
  const gina = await browser.newContext();
  const ginaPage = await gina.newPage();
  await signIn(ginaPage, GINA);
  await ginaPage.goto("/settings/team");
  const code = await rotateJoinCode(ginaPage);
  await gina.close();

  const invited = await browser.newContext();
  const newcomer = await invited.newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByRole("heading", { name: "Join Acme Analytics" })).toBeVisible();
  await newcomer.getByLabel("Your name", { exact: true }).fill("New Person");
  await newcomer.getByLabel("Choose a password", { exact: true }).fill("a-long-password");
  await newcomer.getByRole("button", { name: "Create account and join" }).click();
  await expect(newcomer.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(newcomer.getByLabel("Workspace", { exact: true }).locator("option:checked")).toHaveText(/Acme/);

  await newcomer.goto("/join");
  await newcomer.getByLabel("Join code", { exact: true }).fill(code);
  await newcomer.getByRole("button", { name: "Join", exact: true }).click();
  await expect(newcomer.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(newcomer.getByLabel("Workspace", { exact: true }).locator("option:checked")).toHaveText(/Globex/);
  await newcomer.goto("/settings/team");
  await expect(
    newcomer.getByRole("table", { name: "Members" }).getByRole("row").filter({ hasText: email }),
  ).toContainText("member");
  await invited.close();

  // The used link is spent.
  await page.goto(link);
  await expect(page.getByRole("alert").filter({ hasText: "used" })).toHaveText("This invite has been used already.");
});

test("the last owner can be neither demoted nor removed", async ({ request }) => {
  await signInApi(request, DEMO);
  const team = await (await request.get("/api/team")).json();
  const owner = team.members.find((m: { email: string }) => m.email === DEMO);
  const demote = await request.patch(`/api/team/members/${owner.userId}`, { data: { role: "admin" } });
  expect(demote.status()).toBe(409);
  expect((await demote.json()).error.code).toBe("conflict");
  const remove = await request.delete(`/api/team/members/${owner.userId}`);
  expect(remove.status()).toBe(409);
});
