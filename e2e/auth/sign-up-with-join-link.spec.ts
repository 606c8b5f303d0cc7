import { expect, test } from "@playwright/test";
import { SmtpStandIn } from "../../testing/smtp-server";
import { chooseSignUpMode, INVITATION_ONLY, INVITATION_OR_JOIN_CODE } from "../helpers/admin";
import { signIn } from "../helpers/auth";
import { e2eDatabase } from "../helpers/db";
import { startExtraServer, type ExtraServer } from "../helpers/extra-server";
import { hydrated } from "../helpers/hydration";
import { rotateJoinCode } from "../helpers/join-code";
import { signUpWithJoinCode } from "../helpers/sign-up";

test("a brand-new person follows a join link, signs up, confirms the address and lands in the workspace", async ({
  page,
  browser,
}) => {
  // Mail leaves through a real SMTP server, so the confirmation link is read where its recipient reads it.
  const smtp = new SmtpStandIn();
  const smtpPort = await smtp.start();
  let server: ExtraServer | null = null;
  try {
    server = await startExtraServer({
      CHARTROOM_MAIL_TRANSPORT: "smtp",
      CHARTROOM_SMTP_HOST: "127.0.0.1",
      CHARTROOM_SMTP_PORT: String(smtpPort),
      CHARTROOM_SMTP_TLS: "none",
    });

    // The instance admin lets join codes create accounts; the workspace owner hands out a code.
    await signIn(page);
    await chooseSignUpMode(page, INVITATION_OR_JOIN_CODE);
    await page.goto("/settings/team");
    const code = await rotateJoinCode(page);

    const email = `newcomer-${Date.now()}@example.test`;
    const context = await browser.newContext({ baseURL: server.url });
    const newcomer = await context.newPage();
    // Before confirming, the account is signed in but reaches no workspace.
    await signUpWithJoinCode(newcomer, code, { name: "Nora Newcomer", email, password: "a-long-password" });
    const refused = await newcomer.request.get("/api/reports");
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("email_unverified");

    const mail = await smtp.waitFor(email);
    const link = /https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]{40,}/.exec(mail.parsed.text ?? "")?.[0];
    expect(link, mail.parsed.text).toBeTruthy();
    // The extra server has no public URL of its own (its port is picked at start): open the link's path on it.
    const path = new URL(link!).pathname;

    await newcomer.goto(path);
    await hydrated(newcomer);
    await newcomer.getByRole("button", { name: "Confirm my address" }).click();
    await expect(newcomer.getByRole("status")).toContainText("You joined Acme Analytics.");
    await newcomer.getByRole("link", { name: "Continue" }).click();
    await expect(newcomer.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(newcomer.getByLabel("Workspace", { exact: true }).locator("option:checked")).toHaveText(/Acme/);

    // The link is spent.
    await newcomer.goto(path);
    await hydrated(newcomer);
    await newcomer.getByRole("button", { name: "Confirm my address" }).click();
    await expect(newcomer.getByRole("alert").filter({ hasText: "expired" })).toContainText(
      "expired or was already used",
    );
    await context.close();

    const db = e2eDatabase();
    try {
      const row = db
        .prepare(
          "SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id JOIN workspaces w ON w.id = m.workspace_id WHERE u.email = ? AND w.slug = 'acme'",
        )
        .get(email) as { role: string } | undefined;
      expect(row?.role).toBe("member");
    } finally {
      db.close();
    }
  } finally {
    await chooseSignUpMode(page, INVITATION_ONLY).catch(() => {});
    await server?.stop();
    await smtp.stop();
  }
});

test("by invitation only, a join link offers signing in but no sign-up, and the API refuses sign-ups", async ({
  page,
  request,
}) => {
  await page.goto("/join?code=ABCDEFGH");
  await expect(page.getByRole("link", { name: "Sign in to join" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);
  const res = await request.post("/api/sign-up", {
    data: { name: "X", email: `closed-${Date.now()}@example.test`, password: "a-long-password" },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("forbidden");
});

test("the admin page warns that sign-up needs mail that leaves the instance when the outbox keeps it", async ({
  page,
}) => {
  await signIn(page);
  await page.goto("/admin");
  await hydrated(page);
  const warning = page.getByTestId("sign-up-needs-mail");
  await page.getByLabel("Sign-up", { exact: true }).selectOption({ label: INVITATION_ONLY });
  await expect(warning).toHaveCount(0);
  await page.getByLabel("Sign-up", { exact: true }).selectOption({ label: INVITATION_OR_JOIN_CODE });
  await expect(warning).toContainText("Set up SMTP or Resend");
});
