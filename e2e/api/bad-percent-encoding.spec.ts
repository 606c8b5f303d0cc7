import { expect, test } from "@playwright/test";

test("a path that does not percent-decode answers 400 with the error envelope and the security headers", async ({
  request,
}) => {
  for (const path of [
    "/api/reports/%ff",
    "/api/exports/%E0%A4%A/download",
    "/reports/%ff",
    "/%c0%af",
    "/api/health%",
    "/_next/static/%ff.js",
  ]) {
    for (const method of ["GET", "POST", "DELETE"] as const) {
      const res = await request.fetch(path, { method, maxRedirects: 0 });
      expect(res.status(), `${method} ${path}`).toBe(400);
      expect(res.headers()["content-type"], path).toContain("application/json");
      expect(await res.json(), path).toEqual({
        error: { code: "bad_request", message: expect.stringContaining("percent-encoding") },
      });
      const headers = res.headers();
      expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(headers["x-frame-options"], path).toBe("DENY");
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["referrer-policy"], path).toBe("same-origin");
    }
  }
  // Valid encodings still reach the routes: an unknown report is the usual 401 before sign-in.
  expect((await request.get("/api/reports/%C3%A4")).status()).toBe(401);
});
