import { beforeAll, describe, expect, it } from "vitest";
import { GET as dashboardRoute } from "@/app/api/dashboard/route";
import { POST as previewRoute } from "@/app/api/reports/preview/route";
import { POST as createReportRoute } from "@/app/api/reports/route";
import { POST as eventsRoute } from "@/app/api/v1/events/route";
import { POST as metricsRoute } from "@/app/api/v1/model-metrics/route";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import { seeded } from "../../testing/db";
import { downloadReport, readAllFormats } from "../../testing/read-exports";

/**
 * Money is exact from the door to every file: amounts with at most two decimals are
 * stored as cents, sums are exact integers, and a sum that could leave its exact range is
 * refused with a reason instead of coming out as Infinity, null, an empty cell or "—".
 */
const event = (i: number, revenue: unknown) => ({
  id: `m-${i}`,
  occurredAt: `2026-02-0${1 + (i % 5)}T10:00:00Z`,
  userId: `u${i}`,
  deviceId: "d",
  eventType: "purchase",
  plan: "pro",
  country: "DE",
  durationMs: 1,
  revenue,
});

async function workspaceWithKey() {
  const scratch = await scratchWorkspace({ roles: ROLES });
  process.env.CHARTROOM_RATE_EXPORTS_PER_USER = "1000000";
  process.env.CHARTROOM_RATE_EXPORTS_PER_WORKSPACE = "1000000";
  return {
    id: scratch.workspace.id,
    key: (await testApiKey(scratch.workspace.id, scratch.people.owner.email, "admin")).secret,
  };
}

async function saveReport(key: string, definition: unknown): Promise<string> {
  const res = await callRoute(createReportRoute, { key, body: { name: "Money", definition } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { report: { id: string } }).report.id;
}

const range = { type: "absolute", from: "2026-02-01", to: "2026-02-05" };

describe("money at the door", () => {
  it("refuses amounts out of range, over-precise or not numbers, naming the field", async () => {
    const { key } = await workspaceWithKey();
    const bad = [
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      1.005,
      0.001,
      10000000000000.001,
      11258999068426.24,
      1e16,
      "12.50",
      "NaN",
      "Infinity",
      null,
      true,
    ];
    const good = [0, -0, 0.01, -0.01, 19.99, 10000000000000.01, 11258999068426.23, -11258999068426.23, 5e-324 * 0];
    const res = await callRoute(eventsRoute, { key, body: { records: [...bad, ...good].map((v, i) => event(i, v)) } });
    expect(res.status).toBe(200);
    const body = res.body as { accepted: number; rejected: { index: number; issues: { path: string }[] }[] };
    expect(body.rejected.map((r) => r.index)).toEqual(bad.map((_, i) => i));
    for (const r of body.rejected) expect(r.issues.map((i) => i.path)).toEqual(["revenue"]);
    expect(body.accepted).toBe(good.length);
  });

  it("refuses model metrics outside their documented ranges and precision", async () => {
    const { key } = await workspaceWithKey();
    const metric = (over: Record<string, unknown>) => ({
      recordedAt: "2026-02-01T00:00:00Z",
      modelName: "m",
      modelVersion: "v1",
      accuracy: 0.9,
      precision: 0.9,
      recall: 0.9,
      f1: 0.9,
      latencyMs: 12.5,
      driftScore: 0.01,
      predictionCount: 10,
      ...over,
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ latencyMs: 1e300 }, "latencyMs"],
      [{ latencyMs: 1.0001 }, "latencyMs"],
      [{ latencyMs: "12" }, "latencyMs"],
      [{ accuracy: 0.1234567 }, "accuracy"],
      [{ f1: 1.000001 }, "f1"],
      [{ driftScore: -1 }, "driftScore"],
      [{ driftScore: 1e7 }, "driftScore"],
      [{ predictionCount: 2.5 }, "predictionCount"],
      [{ predictionCount: 2 ** 31 }, "predictionCount"],
    ];
    const res = await callRoute(metricsRoute, {
      key,
      body: { records: [...cases.map(([c]) => metric(c)), metric({})] },
    });
    const body = res.body as { accepted: number; rejected: { index: number; issues: { path: string }[] }[] };
    expect(body.rejected.map((r) => [r.index, r.issues.map((i) => i.path)])).toEqual(cases.map(([, p], i) => [i, [p]]));
    expect(body.accepted).toBe(1);
  });
});

describe("money in every format", () => {
  let key: string;
  beforeAll(async () => {
    ({ key } = await workspaceWithKey());
    const amounts = [10000000000000.01, -0.01, 0.1, 0.2, 19.99];
    const res = await callRoute(eventsRoute, { key, body: { records: amounts.map((v, i) => event(i, v)) } });
    expect((res.body as { accepted: number }).accepted).toBe(5);
  });

  it("each amount comes back exactly in CSV, JSON, NDJSON and XLSX", async () => {
    const id = await saveReport(key, {
      dataset: "usage_events",
      columns: ["user_id", "revenue"],
      timeRange: range,
      sort: [{ key: "user_id" }],
    });
    const files = await readAllFormats(key, id);
    const want = [10000000000000.01, -0.01, 0.1, 0.2, 19.99];
    expect(files.csv.map((r) => r["Revenue (USD)"])).toEqual(["10000000000000.01", "-0.01", "0.1", "0.2", "19.99"]);
    expect(files.json.rows.map((r) => r.revenue)).toEqual(want);
    expect(files.ndjson.map((r) => r.revenue)).toEqual(want);
    const sheet = files.xlsx.getWorksheet("Data")!;
    const cells = want.map((_, i) => sheet.getRow(i + 2).getCell(2));
    expect(cells.map((c) => c.value)).toEqual(want);
    expect(cells.every((c) => c.numFmt.includes("0.00"))).toBe(true);
  });

  it("every format and the PDF's KPI tile show the same exact sum", async () => {
    const id = await saveReport(key, {
      dataset: "usage_events",
      groupBy: ["plan"],
      measures: [{ fn: "sum", field: "revenue" }, { fn: "count" }],
      timeRange: range,
    });
    const total = 10000000000020.29;
    const files = await readAllFormats(key, id);
    expect(files.csv[0]["Total revenue (USD)"]).toBe("10000000000020.29");
    expect(files.json.rows[0].sum_revenue).toBe(total);
    expect(files.ndjson[0].sum_revenue).toBe(total);
    expect(files.xlsx.getWorksheet("Data")!.getRow(2).getCell(2).value).toBe(total);
    // Once in the KPI tile, once in the table.
    expect(files.pdf.match(/\$10,000,000,000,020\.29/g)?.length).toBeGreaterThanOrEqual(2);
    const preview = await callRoute(previewRoute, { key, body: { reportId: id } });
    expect((preview.body as { rows: Record<string, unknown>[] }).rows[0].sum_revenue).toBe(total);
    const dashboard = await callRoute(dashboardRoute, { key, path: "/api/dashboard?from=2026-02-01&to=2026-02-05" });
    expect((dashboard.body as { kpis: { revenue: { value: number } } }).kpis.revenue.value).toBe(total);
  });
});

describe("bounded sums", () => {
  it("a sum that could exceed 2^50 − 1 cents is a 422 with a reason in every route, never Infinity, null or a dash", async () => {
    const { key } = await workspaceWithKey();
    const max = 11258999068426.23;
    const res = await callRoute(eventsRoute, {
      key,
      body: { records: [event(0, max), event(1, max), event(2, -max)] },
    });
    expect((res.body as { accepted: number }).accepted).toBe(3);
    const definition = {
      dataset: "usage_events",
      groupBy: ["user_id"],
      measures: [{ fn: "sum", field: "revenue" }],
      timeRange: range,
    };
    const id = await saveReport(key, definition);
    const expectRefused = (r: { status: number; body: unknown }, param: string) => {
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect((r.body as { error: { code: string; message: string; param: string } }).error).toMatchObject({
        code: "unprocessable",
        param,
        message: expect.stringMatching(/could exceed 11,258,999,068,426\.23 USD/),
      });
    };
    expectRefused(await callRoute(previewRoute, { key, body: { reportId: id } }), "definition.measures.0");
    for (const format of ["csv", "json", "ndjson", "xlsx", "pdf"]) {
      const file = await downloadReport(key, id, format);
      expectRefused({ status: file.status, body: JSON.parse(file.bytes.toString("utf8")) }, "definition.measures.0");
    }
    expectRefused(
      await callRoute(dashboardRoute, { key, path: "/api/dashboard?from=2026-02-01&to=2026-02-05" }),
      "from",
    );
    // Rows themselves stay in range and export as they are.
    const rows = await saveReport(key, {
      dataset: "usage_events",
      columns: ["user_id", "revenue"],
      timeRange: range,
      sort: [{ key: "user_id" }],
    });
    const files = await readAllFormats(key, rows);
    expect(files.csv.map((r) => r["Revenue (USD)"])).toEqual([
      "11258999068426.23",
      "11258999068426.23",
      "-11258999068426.23",
    ]);
  });
});

describe("an hour of the largest amounts", () => {
  it("never answers 500: refused at the door on PostgreSQL, refused by every report on SQLite", async () => {
    const { key } = await workspaceWithKey();
    const max = 11258999068426.23;
    const statuses: number[] = [];
    for (let b = 0; b < 9; b++) {
      const records = Array.from({ length: 1000 }, (_, i) => ({
        ...event(b * 1000 + i, max),
        occurredAt: "2026-02-01T10:00:00Z",
      }));
      const res = await callRoute(eventsRoute, { key, body: { records } });
      statuses.push(res.status);
      if (res.status !== 200) {
        expect((res.body as { error: { code: string; param: string } }).error).toMatchObject({
          code: "unprocessable",
          param: "records",
        });
      }
    }
    // 2^63 cents / (2^50 − 1) per event: the 8,193rd event of the hour leaves 64 bits.
    expect(statuses.slice(0, 8)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    expect(statuses[8]).toBe(seeded().provider === "postgres" ? 422 : 200);
    const preview = await callRoute(previewRoute, {
      key,
      body: { definition: { dataset: "usage_events", measures: [{ fn: "sum", field: "revenue" }], timeRange: range } },
    });
    expect(preview.status).toBe(422);
  });
});

describe("filters on amounts", () => {
  it("compare with the stored cents whether the value is whole cents, finer, tiny or huge", async () => {
    const { key } = await workspaceWithKey();
    const amounts = [-1, -0.01, 0, 0.01, 0.1, 19.99, 10000000000000.01];
    await callRoute(eventsRoute, { key, body: { records: amounts.map((v, i) => event(i, v)) } });
    const count = async (op: string, value: unknown) => {
      const res = await callRoute(previewRoute, {
        key,
        body: {
          definition: {
            dataset: "usage_events",
            measures: [{ fn: "count" }],
            timeRange: range,
            filters: [{ field: "revenue", op, value }],
          },
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body as { rows: { count: number }[] }).rows[0].count;
    };
    expect(await count("gt", 0)).toBe(4);
    expect(await count("gt", -5e-324)).toBe(5);
    expect(await count("lt", 5e-324)).toBe(3);
    expect(await count("gte", 0.005)).toBe(4);
    expect(await count("eq", 19.99)).toBe(1);
    expect(await count("eq", 0.015)).toBe(0);
    expect(await count("lt", 1e300)).toBe(7);
    expect(await count("gt", -Number.MAX_VALUE)).toBe(7);
    expect(await count("between", [0.01, 10000000000000.01])).toBe(4);
    expect(await count("in", [0.1, 0.2, 1e20])).toBe(1);
  });
});
