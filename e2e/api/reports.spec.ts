import { expect, test } from "@playwright/test";
import { GINA, signInApi } from "../helpers/auth";
import { e2eDatabase, workspaceBySlug } from "../helpers/db";

const definition = {
  dataset: "usage_events",
  timeBucket: "day",
  groupBy: ["event_type"],
  measures: [{ fn: "count" }],
  timeRange: { type: "relative", preset: "last_7_days" },
};

function acmeReportId(templateKey: string): string {
  const acme = workspaceBySlug("acme");
  const db = e2eDatabase();
  try {
    const row = db
      .prepare("SELECT id FROM reports WHERE workspace_id = ? AND template_key = ?")
      .get(acme.id, templateKey) as { id: string };
    return row.id;
  } finally {
    db.close();
  }
}

test("reports routes need a session", async ({ request }) => {
  for (const [method, path] of [
    ["GET", "/api/datasets"],
    ["GET", "/api/reports"],
    ["POST", "/api/reports"],
    ["GET", "/api/reports/x"],
    ["PATCH", "/api/reports/x"],
    ["DELETE", "/api/reports/x"],
    ["POST", "/api/reports/x/duplicate"],
    ["POST", "/api/reports/preview"],
    ["POST", "/api/reports/validate"],
  ] as const) {
    const res = await request.fetch(path, { method, data: method === "GET" ? undefined : {} });
    expect(res.status(), `${method} ${path}`).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  }
});

test("a member of another workspace cannot read, preview, change or copy Acme's report", async ({ request }) => {
  const id = acmeReportId("usage_summary");
  await signInApi(request, GINA);
  expect((await request.get(`/api/reports/${id}`)).status()).toBe(404);
  expect((await request.patch(`/api/reports/${id}`, { data: { name: "pwned" } })).status()).toBe(404);
  expect((await request.delete(`/api/reports/${id}`)).status()).toBe(404);
  expect((await request.post(`/api/reports/${id}/duplicate`)).status()).toBe(404);
  const preview = await request.post("/api/reports/preview", { data: { reportId: id } });
  expect(preview.status()).toBe(404);
  expect(await preview.json()).toEqual({ error: { code: "not_found", message: "Report not found." } });
});

test("a viewer can preview but not save; a member can", async ({ request, playwright }) => {
  await signInApi(request, "victor@acme.test");
  const preview = await request.post("/api/reports/preview", { data: { definition } });
  expect(preview.status()).toBe(200);
  const body = await preview.json();
  expect(body.columns.map((c: { key: string }) => c.key)).toEqual(["period", "event_type", "count"]);
  expect(body.rows.length).toBeGreaterThan(0);
  const refused = await request.post("/api/reports", { data: { name: "Mine", definition } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("forbidden");

  const member = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await signInApi(member, "mia@acme.test");
  const created = await member.post("/api/reports", { data: { name: "Mia's events", definition } });
  expect(created.status()).toBe(201);
  const { report } = await created.json();
  expect((await member.get(`/api/reports/${report.id}`)).status()).toBe(200);
  const copy = await member.post(`/api/reports/${report.id}/duplicate`);
  expect((await copy.json()).report.name).toBe("Copy of Mia's events");
  expect((await member.delete(`/api/reports/${report.id}`)).status()).toBe(204);
  expect((await member.get(`/api/reports/${report.id}`)).status()).toBe(404);
  await member.dispose();
});

test("bad definitions get 400/422 naming the path; excessive limits are clamped with a notice", async ({ request }) => {
  await signInApi(request);
  const cases: [unknown, number, string][] = [
    [{ ...definition, dataset: "payroll" }, 422, "definition.dataset"],
    [{ ...definition, groupBy: ["ssn"] }, 422, "definition.groupBy.0"],
    [{ ...definition, filters: [{ field: "plan", op: "regex", value: "x" }] }, 400, "definition.filters.0.op"],
    [{ ...definition, filters: [{ field: "revenue", op: "gt", value: "many" }] }, 422, "definition.filters.0.value"],
    [
      { ...definition, timeRange: { type: "absolute", from: "2026-05-01", to: "2026-04-01" } },
      422,
      "definition.timeRange.from",
    ],
  ];
  for (const [def, status, param] of cases) {
    for (const path of ["/api/reports/preview", "/api/reports/validate"]) {
      const res = await request.post(path, { data: { definition: def } });
      expect(res.status(), `${path} ${param}`).toBe(status);
      const body = await res.json();
      expect(body.error.param).toBe(param);
      expect(body.error.issues[0].path).toBe(param);
      expect(JSON.stringify(body)).not.toMatch(/SELECT|sqlite|prisma|at .*\.js/i);
    }
  }
  const clamped = await request.post("/api/reports/preview", {
    data: { definition: { ...definition, limit: 999_999_999 } },
  });
  expect(clamped.status()).toBe(200);
  const body = await clamped.json();
  expect(body.limit).toBe(10_000_000);
  expect(body.notices.map((n: { code: string }) => n.code)).toContain("limit_clamped");
  const injected = await request.post("/api/reports/preview", {
    data: {
      definition: {
        ...definition,
        filters: [{ field: "event_type", op: "eq", value: "'; DROP TABLE usage_events; --" }],
      },
    },
  });
  expect(injected.status()).toBe(200);
  expect((await injected.json()).totalCount).toBe(0);
  const datasets = await (await request.get("/api/datasets")).json();
  expect(datasets.datasets.map((d: { key: string }) => d.key)).toEqual([
    "usage_events",
    "model_metrics",
    "alerts",
    "audit_events",
    "export_history",
  ]);
});
