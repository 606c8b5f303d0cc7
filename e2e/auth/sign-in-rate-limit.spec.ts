import { expect, test } from "@playwright/test";
import { PASSWORD } from "../helpers/auth";

test("after ten failed attempts for one address, sign-in answers 429 with Retry-After", async ({ request, page }) => {
  const email = `guess-${Date.now()}@example.com`;
  const attempt = async (password: string) => {
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    return request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password, json: "true" },
      maxRedirects: 0,
    });
  };
  for (let i = 0; i < 10; i++) expect((await attempt(`wrong-${i}`)).status()).not.toBe(429);
  const limited = await attempt(PASSWORD);
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited.json()).error.code).toBe("rate_limited");

  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("anything");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText(/Too many failed sign-in attempts/);
});
