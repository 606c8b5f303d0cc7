import { beforeAll, describe, expect, it } from "vitest";
import { GET as dashboardRoute } from "@/app/api/dashboard/route";
import { POST as createExportRoute } from "@/app/api/exports/route";
import { GET as exportRoute } from "@/app/api/reports/[id]/export/route";
import { PATCH as updateReportRoute } from "@/app/api/reports/[id]/route";
import { POST as previewRoute } from "@/app/api/reports/preview/route";
import { POST as createReportRoute } from "@/app/api/reports/route";
import { GET as usageSummaryRoute } from "@/app/api/reports/usage-summary/export/route";
import { POST as validateRoute } from "@/app/api/reports/validate/route";
import { POST as eventsRoute } from "@/app/api/v1/events/route";
import { POST as alertsRoute } from "@/app/api/v1/alerts/route";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";

/**
 * One rule for dates in every route: 1970-01-01 … 9999-12-30 (instants up to
 * 9999-12-30T23:59:59.999Z). Outside it, and for years before 1000, the answer is 400
 * naming the parameter; at its edges the answer is a normal 200.
 */
let key: string;
let reportId: string;

beforeAll(async () => {
  process.env.CHARTROOM_RATE_EXPORTS_PER_USER = "1000000";
  process.env.CHARTROOM_RATE_EXPORTS_PER_WORKSPACE = "1000000";
  const scratch = await scratchWorkspace({ roles: ROLES });
  key = (await testApiKey(scratch.workspace.id, scratch.people.owner.email, "admin")).secret;
  const created = await callRoute(createReportRoute, {
    key,
    body: { name: "Edges", definition: { dataset: "usage_events", timeBucket: "day", measures: [{ fn: "count" }] } },
  });
  reportId = (created.body as { report: { id: string } }).report.id;
});

const definition = (from: string, to: string, filters: unknown[] = []) => ({
  dataset: "usage_events",
  timeBucket: "day",
  measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }],
  timeRange: { type: "absolute", from, to },
  filters,
});

/** Each route that takes a date, called with a range: status, and the parameter named on failure. */
const ROUTES: [string, (from: string, to: string) => Promise<{ status: number; body: unknown }>, string][] = [
  [
    "POST /api/reports",
    (from, to) => callRoute(createReportRoute, { key, body: { name: "r", definition: definition(from, to) } }),
    "definition.timeRange",
  ],
  [
    "PATCH /api/reports/:id",
    (from, to) =>
      callRoute(updateReportRoute, {
        key,
        method: "PATCH",
        params: { id: reportId },
        body: { definition: definition(from, to) },
      }),
    "definition.timeRange",
  ],
  [
    "POST /api/reports/preview",
    (from, to) => callRoute(previewRoute, { key, body: { definition: definition(from, to) } }),
    "definition.timeRange",
  ],
  [
    "POST /api/reports/validate",
    (from, to) => callRoute(validateRoute, { key, body: { definition: definition(from, to) } }),
    "definition.timeRange",
  ],
  [
    "POST /api/exports",
    (from, to) =>
      callRoute(createExportRoute, { key, body: { name: "e", format: "csv", definition: definition(from, to) } }),
    "definition.timeRange",
  ],
  [
    "GET /api/dashboard",
    (from, to) => callRoute(dashboardRoute, { key, path: `/api/dashboard?from=${from}&to=${to}` }),
    "",
  ],
  [
    "GET /api/reports/usage-summary/export",
    (from, to) =>
      callRoute(usageSummaryRoute, {
        key,
        path: `/api/reports/usage-summary/export?format=json&from=${from}&to=${to}`,
      }),
    "",
  ],
];

function expectNamed(res: { status: number; body: unknown }, param: RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  const error = (res.body as { error: { code: string; message: string; param?: string } }).error;
  expect(error.code).toBe("invalid_parameter");
  expect(error.param).toMatch(param);
  expect(error.message).toMatch(/1970-01-01 and 9999-12-30/);
}

describe("date bounds in every route", () => {
  for (const [name, call, prefix] of ROUTES) {
    it(`${name}: a range ending 9999-12-31 or starting before 1970 (or in years 0000–0999) is a 400 naming the parameter`, async () => {
      const to = prefix ? new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.to$`) : /^to$/;
      const from = prefix ? new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.from$`) : /^from$/;
      expectNamed(await call("9999-12-01", "9999-12-31"), to);
      expectNamed(await call("0050-01-01", "0050-01-31"), from);
      expectNamed(await call("0999-12-01", "0999-12-31"), from);
      expectNamed(await call("1969-12-31", "1970-01-02"), from);
    });

    it(`${name}: the last and first accepted days work`, async () => {
      const last = await call("9999-12-01", "9999-12-30");
      expect([200, 201, 202], JSON.stringify(last.body)).toContain(last.status);
      const first = await call("1970-01-01", "1970-01-31");
      expect([200, 201, 202], JSON.stringify(first.body)).toContain(first.status);
    });
  }

  it("a saved report ending 9999-12-30 exports in every format", async () => {
    const saved = await callRoute(createReportRoute, {
      key,
      body: { name: "Far", definition: definition("9999-11-01", "9999-12-30") },
    });
    expect(saved.status).toBe(201);
    const id = (saved.body as { report: { id: string } }).report.id;
    for (const format of ["csv", "json", "ndjson", "xlsx", "pdf"]) {
      const res = await exportRoute(
        new (await import("next/server")).NextRequest(`http://localhost/api/reports/${id}/export?format=${format}`, {
          headers: { Authorization: `Bearer ${key}` },
        }),
        { params: Promise.resolve({ id }) },
      );
      expect(res.status, format).toBe(200);
      await res.arrayBuffer();
    }
  });

  it("filters on date fields follow the same rule", async () => {
    const bad = await callRoute(previewRoute, {
      key,
      body: {
        definition: definition("2026-01-01", "2026-01-31", [
          { field: "occurred_at", op: "lt", value: "9999-12-31T12:00:00Z" },
        ]),
      },
    });
    expect(bad.status).toBe(422);
    expect((bad.body as { error: { param: string; message: string } }).error).toMatchObject({
      param: "definition.filters.0.value",
      message: expect.stringMatching(/1970-01-01 and 9999-12-30/),
    });
    const early = await callRoute(validateRoute, {
      key,
      body: {
        definition: definition("2026-01-01", "2026-01-31", [
          { field: "occurred_at", op: "between", value: ["0099-01-01", "2026-01-01"] },
        ]),
      },
    });
    expect(early.status).toBe(422);
    expect((early.body as { error: { param: string } }).error.param).toBe("definition.filters.0.value.0");
    const edge = await callRoute(previewRoute, {
      key,
      body: {
        definition: definition("2026-01-01", "2026-01-31", [
          { field: "occurred_at", op: "lt", value: "9999-12-30T23:59:59.999Z" },
        ]),
      },
    });
    expect(edge.status).toBe(200);
  });

  it("ingestion timestamps follow the same rule, per record and naming the field", async () => {
    const event = (occurredAt: unknown) => ({
      occurredAt,
      userId: "u",
      deviceId: "d",
      eventType: "edge",
      plan: "pro",
      country: "DE",
      durationMs: 1,
    });
    const times = [
      "9999-12-31T00:00:00Z",
      "0000-01-01T00:00:00Z",
      "0999-06-01T00:00:00Z",
      "1969-12-31T23:59:59.999Z",
      -1,
      8.64e15,
      "1970-01-01T00:00:00Z",
      "9999-12-30T23:59:59.999Z",
      0,
    ];
    const res = await callRoute(eventsRoute, { key, body: { records: times.map(event) } });
    expect(res.status).toBe(200);
    const body = res.body as {
      accepted: number;
      rejected: { index: number; issues: { path: string; message: string }[] }[];
    };
    expect(body.rejected.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const r of body.rejected)
      expect(r.issues).toEqual([{ path: "occurredAt", message: expect.stringMatching(/1970-01-01/) }]);
    expect(body.accepted).toBe(3);
    const alerts = await callRoute(alertsRoute, {
      key,
      body: {
        records: [
          {
            triggeredAt: "2026-01-01T00:00:00Z",
            severity: "info",
            source: "s",
            title: "t",
            resolvedAt: "9999-12-31T00:00:00Z",
          },
        ],
      },
    });
    expect((alerts.body as { rejected: { issues: { path: string }[] }[] }).rejected[0].issues[0].path).toBe(
      "resolvedAt",
    );
  });
});
