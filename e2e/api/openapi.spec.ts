import { expect, test } from "@playwright/test";
import { signIn } from "../helpers/auth";

test("the OpenAPI document is public and the reference page renders it", async ({ page, request }) => {
  const res = await request.get("/api/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toBe("3.1.0");
  expect(
    doc.paths["/api/v1/events"].post.requestBody.content["application/json"].schema.properties.records.maxItems,
  ).toBe(1000);

  await signIn(page);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "API reference", exact: true })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  const ingestion = page.getByRole("region", { name: "Send usage events" });
  await expect(ingestion).toContainText("/api/v1/events");
  const body = ingestion.getByRole("table", { name: "Send usage events: request body" });
  await expect(body.getByRole("row").filter({ hasText: "records[].occurredAt" })).toBeVisible();
  await expect(body.getByRole("row").filter({ hasText: "records[].revenue" })).toContainText("(optional)");
});
