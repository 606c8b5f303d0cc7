import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../helpers/auth";
import { hydrated } from "../helpers/hydration";

/** Collects every CSP violation the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  page.on("console", (msg) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(msg.text())) violations.push(msg.text());
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
  return violations;
}

/** Loads a page and checks its policy, its scripts' nonces, React having hydrated it, and no violation. */
async function visit(page: Page, path: string, violations: string[]) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBeLessThan(500);
  const csp = res!.headers()["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc, path).toContain("'strict-dynamic'");
  expect(scriptSrc, path).not.toContain("'unsafe-inline'");
  expect(scriptSrc, path).not.toContain("'unsafe-eval'");
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
  expect(nonce, path).toBeTruthy();
  // A page whose scripts were blocked never hydrates.
  await hydrated(page, path);
  const scripts = await page.evaluate(() => [...document.querySelectorAll("script")].map((s) => s.nonce));
  expect(scripts.length, path).toBeGreaterThan(0);
  const reported = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  expect([...reported, ...violations], path).toEqual([]);
}

test("the sign-in, sign-up, join and invite pages run under the nonce policy without a violation", async ({ page }) => {
  const violations = await watchViolations(page);
  for (const path of [
    "/signin",
    "/sign-up",
    "/join",
    "/join?code=ABCDEFGH",
    "/verify-email/not-a-real-token",
    "/invite/not-a-real-token",
    "/forgot-password",
    "/reset-password/not-a-real-token",
  ]) {
    await visit(page, path, violations);
  }
  await page.goto("/signin");
  await page.getByRole("button", { name: "Use demo account" }).click();
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("demo@chartroom.dev");
  expect(violations).toEqual([]);
});

test("every page of the app, signed in as owner, runs without a CSP violation", async ({ page }) => {
  test.setTimeout(120_000);
  const violations = await watchViolations(page);
  await signIn(page);
  const reports = (await (await page.request.get("/api/reports")).json()).reports as { id: string }[];
  const schedules = (await (await page.request.get("/api/schedules")).json()).schedules as { id: string }[];
  expect(reports.length).toBeGreaterThan(0);
  expect(schedules.length).toBeGreaterThan(0);
  const pages = [
    "/",
    "/reports",
    "/reports/new",
    `/reports/${reports[0].id}`,
    "/exports",
    "/import",
    "/schedules",
    "/schedules/new",
    `/schedules/${schedules[0].id}`,
    "/outbox",
    "/api-docs",
    "/settings/team",
    "/settings/api-keys",
    "/settings/workspace",
    "/workspaces/new",
    "/account",
    "/admin",
    "/no-such-page",
  ];
  for (const path of pages) await visit(page, path, violations);
  // Client-side navigation loads further chunks under the same policy.
  await page.goto("/");
  await page.getByRole("link", { name: "Reports", exact: true }).first().click();
  await expect(page).toHaveURL(/\/reports$/);
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  expect(violations).toEqual([]);
});
