import { expect, type Page } from "@playwright/test";
import { hydrated } from "./hydration";

/**
 * A newcomer follows a join link, creates an account and signs in: the account then waits
 * for its address to be confirmed.
 */
export async function signUpWithJoinCode(
  newcomer: Page,
  code: string,
  person: { name: string; email: string; password: string },
): Promise<void> {
  await newcomer.goto(`/join?code=${code}`);
  await newcomer.getByRole("link", { name: "Create an account" }).click();
  await expect(newcomer.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await hydrated(newcomer);
  await expect(newcomer.getByLabel("Join code", { exact: true })).toHaveValue(code);
  await newcomer.getByLabel("Your name", { exact: true }).fill(person.name);
  await newcomer.getByLabel("Email", { exact: true }).fill(person.email);
  await newcomer.getByLabel("Choose a password", { exact: true }).fill(person.password);
  await newcomer.getByRole("button", { name: "Create account" }).click();
  await expect(newcomer.getByRole("status")).toContainText("Check your inbox");

  await newcomer.goto("/signin");
  await hydrated(newcomer);
  await newcomer.getByLabel("Email", { exact: true }).fill(person.email);
  await newcomer.getByLabel("Password", { exact: true }).fill(person.password);
  await newcomer.getByRole("button", { name: "Sign in" }).click();
  await expect(newcomer.getByRole("heading", { name: "Confirm your e-mail address" })).toBeVisible();
}
