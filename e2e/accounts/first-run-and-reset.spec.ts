import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { createScratchDatabase, TEST_POSTGRES_URL, type ScratchDatabase } from "../../testing/scratch-database";
import { SmtpStandIn } from "../../testing/smtp-server";
import { hydrated } from "../helpers/hydration";

// This spec's own servers, on the ports set aside for it.
const PORT = 3171;
const REFUSED_PORT = 3172;
const OWNER = { name: "Olivia Owner", email: "olivia@example.com", password: "first-owner-password" };
const NEW_PASSWORD = "second-owner-password";

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(port: number, env: Record<string, string>): Server {
  let out = "";
  const child = spawn(process.execPath, [join("scripts", "serve.mjs"), "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      CHARTROOM_DEMO: "",
      CHARTROOM_SCHEDULER: "off",
      CHARTROOM_WORKER: "off",
      NEXTAUTH_SECRET: "first-run-session-secret",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => out, exited };
}

async function stop(server: Server | undefined) {
  if (!server || server.child.exitCode !== null) return;
  server.child.kill("SIGTERM");
  await server.exited;
}

async function healthy(api: APIRequestContext) {
  await expect
    .poll(async () => (await api.get("/api/health").catch(() => null))?.status() ?? 0, {
      timeout: 90_000,
      intervals: [500],
    })
    .toBe(200);
}

/** A credentials sign-in over the API; true when it gave a session. */
async function signsIn(api: APIRequestContext, email: string, password: string): Promise<boolean> {
  const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
  await api.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  const session = await (await api.get("/api/auth/session")).json();
  return session?.user?.email === email;
}

async function userCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query("SELECT COUNT(*) AS n FROM users")).rows[0].n);
  } finally {
    await client.end();
  }
}

test.describe("a production start on an empty PostgreSQL database", () => {
  test.setTimeout(300_000);
  const smtp = new SmtpStandIn();
  const scratches: ScratchDatabase[] = [];
  const servers: Server[] = [];

  test.afterAll(async () => {
    for (const s of servers) await stop(s);
    await smtp.stop();
    for (const s of scratches) await s.drop();
  });

  test("setup, sign out, forgotten password by SMTP, new password", async ({ page }) => {
    const scratch = await createScratchDatabase(TEST_POSTGRES_URL(), "chartroom_first_run");
    scratches.push(scratch);
    const smtpPort = await smtp.start();
    const server = startServer(PORT, {
      DATABASE_URL: scratch.url,
      CHARTROOM_SMTP_HOST: "127.0.0.1",
      CHARTROOM_SMTP_PORT: String(smtpPort),
      CHARTROOM_SMTP_TLS: "none",
      CHARTROOM_EMAIL_FROM: "Chartroom <chartroom@example.com>",
    });
    servers.push(server);
    const base = `http://127.0.0.1:${PORT}`;
    const api = await playwrightRequest.newContext({ baseURL: base });
    await healthy(api);

    // No account, no demo data, no password printed, and the demo password does not sign in.
    expect(await userCount(scratch.url)).toBe(0);
    expect(server.output()).not.toContain("chartroom-demo");
    expect(server.output()).not.toMatch(/demo sign-in/i);
    expect(await signsIn(api, "demo@chartroom.dev", "chartroom-demo")).toBe(false);
    const apiBefore = await api.get("/api/reports");
    expect(apiBefore.status()).toBe(401);
    expect((await apiBefore.json()).error.message).toMatch(/not set up yet.*\/setup/);

    // Every page leads to setup.
    await page.goto(`${base}/`);
    await expect(page).toHaveURL(`${base}/setup`);
    await expect(page.getByRole("heading", { name: "Set up Chartroom" })).toBeVisible();
    await hydrated(page);
    await page.getByLabel("Your name").fill(OWNER.name);
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByLabel("Workspace name").fill("Olivia's Analytics");
    // Preselected from the browser.
    await expect(page.getByLabel("Time zone")).not.toHaveValue("");
    await page.getByRole("button", { name: "Create account and workspace" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible({ timeout: 45_000 });
    expect(await userCount(scratch.url)).toBe(1);

    // Setup is over: the page is gone and the API says so.
    expect((await page.goto(`${base}/setup`))?.status()).toBe(404);
    const again = await api.post("/api/setup", { data: { ...OWNER, workspaceName: "Second" } });
    expect(again.status()).toBe(409);

    // A second session of the same account, to be ended by the reset.
    const other = await playwrightRequest.newContext({ baseURL: base });
    expect(await signsIn(other, OWNER.email, OWNER.password)).toBe(true);
    expect((await other.get("/api/account")).status()).toBe(200);

    // Sign out, then "forgot password".
    await page.goto(`${base}/`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
    await hydrated(page);
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status")).toContainText("If an account uses this address");

    // The e-mail arrives through the real SMTP server.
    const mail = await smtp.waitFor(OWNER.email, 45_000);
    expect(mail.parsed.subject).toBe("Reset your Chartroom password");
    const link = /http:\/\/127\.0\.0\.1:3171\/reset-password\/[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? "")?.[0];
    expect(link, mail.parsed.text).toBeTruthy();

    await page.goto(link!);
    await hydrated(page);
    await page.getByLabel("New password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByRole("status")).toContainText("Your password has been changed");

    // The other session ends on its next request; the link works once.
    expect((await other.get("/api/account")).status()).toBe(401);
    const reuse = await api.post("/api/account/reset-password", {
      data: { token: link!.split("/").pop(), password: "third-password-123" },
    });
    expect(reuse.status()).toBe(410);

    // The old password fails, the new one works.
    await page.goto(`${base}/signin`);
    await hydrated(page);
    await page.getByLabel("Email", { exact: true }).fill(OWNER.email);
    await page.getByLabel("Password", { exact: true }).fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Invalid email or password.")).toBeVisible();
    await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible({ timeout: 45_000 });

    await other.dispose();
    await api.dispose();
  });

  test("a database still holding the demo password is refused outside demo mode", async () => {
    const scratch = await createScratchDatabase(TEST_POSTGRES_URL(), "chartroom_was_demo");
    scratches.push(scratch);
    const demo = startServer(REFUSED_PORT, {
      DATABASE_URL: scratch.url,
      CHARTROOM_DEMO: "on",
      CHARTROOM_DEMO_EVENTS: "500",
    });
    servers.push(demo);
    const api = await playwrightRequest.newContext({ baseURL: `http://127.0.0.1:${REFUSED_PORT}` });
    await healthy(api);
    expect(demo.output()).toContain("demo sign-in: demo@chartroom.dev / chartroom-demo");
    await api.dispose();
    await stop(demo);

    const production = startServer(REFUSED_PORT, { DATABASE_URL: scratch.url });
    servers.push(production);
    expect(await production.exited).toBe(1);
    expect(production.output()).toContain("Refusing to start outside demo mode");
    expect(production.output()).toContain("npm run accounts -- lock-demo");
  });
});
