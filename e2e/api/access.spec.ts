import { expect, test } from "@playwright/test";
import { GINA, signInApi } from "../helpers/auth";
import { workspaceBySlug } from "../helpers/db";

const PROTECTED = [
  "/api/dashboard",
  "/api/workspaces",
  "/api/workspaces/anything",
  "/api/reports/usage-summary/export?format=csv",
];

test("every protected route answers 401 with the error envelope when signed out", async ({ request }) => {
  for (const path of PROTECTED) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(401);
    expect(await res.json(), path).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  }
  const switchRes = await request.post("/api/workspaces/current", { data: { workspaceId: "x" } });
  expect(switchRes.status()).toBe(401);
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", database: "sqlite" });
});

test("a member of another workspace gets 404 for anything of Acme", async ({ request }) => {
  const acme = workspaceBySlug("acme");
  await signInApi(request, GINA);
  for (const path of [
    `/api/workspaces/${acme.id}`,
    `/api/dashboard?workspace=${acme.id}`,
    `/api/reports/usage-summary/export?format=csv&workspace=${acme.id}`,
  ]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");
  }
  const viaHeader = await request.get("/api/dashboard", { headers: { "X-Chartroom-Workspace": acme.id } });
  expect(viaHeader.status()).toBe(404);
  const switchRes = await request.post("/api/workspaces/current", { data: { workspaceId: acme.id } });
  expect(switchRes.status()).toBe(404);
  const own = await request.get("/api/workspaces");
  expect((await own.json()).workspaces.map((w: { slug: string }) => w.slug)).toEqual(["globex"]);
});

test("an invalid date range is a 400 naming the parameter", async ({ request }) => {
  await signInApi(request);
  const cases: [string, string][] = [
    ["from=2026-13-01&to=2026-01-10", "from"],
    ["from=2026-01-01&to=soon", "to"],
    ["from=2026-02-10&to=2026-02-01", "from"],
  ];
  for (const [query, param] of cases) {
    const res = await request.get(`/api/reports/usage-summary/export?format=csv&${query}`);
    expect(res.status(), query).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "invalid_parameter", param });
    expect(body.error.message).toContain(`\`${param}\``);
  }
  const badFormat = await request.get("/api/reports/usage-summary/export?format=exe");
  expect(badFormat.status()).toBe(400);
  expect((await badFormat.json()).error.param).toBe("format");
  const badJson = await request.post("/api/workspaces/current", {
    headers: { "Content-Type": "application/json" },
    data: "{not json",
  });
  expect(badJson.status()).toBe(400);
});
