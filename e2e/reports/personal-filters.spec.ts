import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";

test("a member can filter User ID only by whether it is empty; the owner can filter it by value", async ({
  browser,
}) => {
  const member = await browser.newPage();
  await signIn(member, "mia@acme.test");
  await member.goto("/reports/new");
  await member.getByRole("button", { name: "Add filter", exact: true }).click();
  await member.getByLabel("Filter 1 field", { exact: true }).selectOption({ label: "User ID" });
  const operator = member.getByLabel("Filter 1 operator", { exact: true });
  await expect(operator.getByRole("option")).toHaveText(["is empty", "is not empty"]);
  await expect(
    member.getByText("User ID identifies people: only admins and owners can filter it by value."),
  ).toBeVisible();
  await expect(member.getByLabel("Filter 1 value", { exact: true })).toHaveCount(0);
  // Another field gets every operator back.
  await member.getByLabel("Filter 1 field", { exact: true }).selectOption({ label: "Plan" });
  await expect(operator.getByRole("option", { name: "is", exact: true })).toHaveCount(1);
  await member.close();

  const owner = await browser.newPage();
  await signIn(owner);
  await owner.goto("/reports/new");
  await owner.getByRole("button", { name: "Add filter", exact: true }).click();
  await owner.getByLabel("Filter 1 field", { exact: true }).selectOption({ label: "User ID" });
  await owner.getByLabel("Filter 1 operator", { exact: true }).selectOption({ label: "is" });
  await expect(owner.getByLabel("Filter 1 value", { exact: true })).toBeVisible();
  await expect(owner.getByText("User ID identifies people", { exact: false })).toHaveCount(0);
  await owner.close();
});
