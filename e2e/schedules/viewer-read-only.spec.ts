import { expect, test, type APIRequestContext } from "@playwright/test";
import { signIn, signInApi } from "../helpers/auth";

async function usageSummaryId(request: APIRequestContext): Promise<string> {
  const res = await request.get("/api/reports");
  expect(res.status()).toBe(200);
  const { reports } = (await res.json()) as { reports: { id: string; name: string }[] };
  const usage = reports.find((r) => r.name === "Usage Summary");
  expect(usage).toBeDefined();
  return usage!.id;
}

test("a viewer sees schedules read-only and cannot create one through the API", async ({ page, request }) => {
  // An owner sets one up, so the viewer has a row to look at.
  await signInApi(request);
  const name = `Viewer can see ${Date.now()}`;
  const created = await request.post("/api/schedules", {
    data: {
      name,
      reportId: await usageSummaryId(request),
      cron: "0 9 * * 1-5",
      formats: ["csv"],
      recipients: ["owner@example.com"],
    },
  });
  expect(created.status()).toBe(201);

  await signIn(page, "victor@acme.test");
  await page.goto("/schedules");
  await expect(page.getByRole("heading", { level: 1, name: "Schedules" })).toBeVisible();
  const row = page.getByRole("row", { name });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Usage Summary");
  // History is for everyone; changing anything is not.
  await row.getByRole("button", { name: `History ${name}` }).click();
  await expect(page.getByText("No runs yet.")).toBeVisible();
  await expect(row.getByRole("link", { name })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "New schedule" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Run now/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Edit/ })).toHaveCount(0);

  // /schedules/new has nothing for a viewer: back to the list.
  await page.goto("/schedules/new");
  await expect(page).toHaveURL(/\/schedules$/);

  const res = await page.request.post("/api/schedules", {
    data: {
      name: "Not allowed",
      reportId: await usageSummaryId(page.request),
      cron: "0 9 * * 1-5",
      formats: ["pdf"],
      recipients: ["victor@acme.test"],
    },
  });
  expect(res.status()).toBe(403);
  expect(await res.json()).toEqual({
    error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
  });
});
