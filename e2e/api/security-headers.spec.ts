import { expect, test } from "@playwright/test";
import { signInApi } from "../helpers/auth";

test("pages and API answers carry the security headers", async ({ request }) => {
  for (const path of ["/signin", "/api/health", "/api/dashboard"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    const headers = res.headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).not.toContain("unsafe-eval");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});

test("a signed-in browser cannot be made to change anything from another site", async ({ request }) => {
  await signInApi(request);
  const body = { name: "Cross-site", definition: { dataset: "alerts" } };
  const forged = await request.post("/api/reports", {
    data: body,
    headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
  });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.code).toBe("forbidden");
  const own = await request.post("/api/reports", { data: body, headers: { "Sec-Fetch-Site": "same-origin" } });
  expect(own.status()).toBe(201);
  expect((await request.delete(`/api/reports/${(await own.json()).report.id}`)).status()).toBe(204);
});
