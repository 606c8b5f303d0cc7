import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const PASSWORD = "chartroom-demo";
export const DEMO = "demo@chartroom.dev";
export const GINA = "gina@globex.test";

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, email = DEMO, password = PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

/** Signs an API client in through next-auth's credentials endpoint (cookies stay on the context). */
export async function signInApi(request: APIRequestContext, email = DEMO, password = PASSWORD) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
  const session = await (await request.get("/api/auth/session")).json();
  expect(session?.user?.email).toBe(email);
}
