import { describe, expect, it } from "vitest";
import { sql } from "../db/sql";
import { seeded } from "../../testing/db";
import { TEST_NOW } from "../../testing/fixtures";
import { referenceRows } from "../../testing/reference-report";
import { checkDefinition } from "./check";
import { collect, comparable, expectSameRows, type Loose } from "../../testing/compare-rows";
import { previewReport, streamReport } from "./engine";
import { REPORT_TEMPLATES } from "./templates";

describe("built-in templates", () => {
  it.each(REPORT_TEMPLATES.map((t) => [t.name, t] as const))(
    "%s returns the same figures as a naive evaluation",
    async (_name, template) => {
      const { conn, acme } = seeded();
      const report = checkDefinition(template.definition, { timezone: "America/New_York", now: TEST_NOW });
      const unlimited = { ...report, definition: { ...report.definition, limit: 1_000_000 } };
      const actual = await collect(streamReport(conn, unlimited, acme.id));
      const expected = await referenceRows(conn, report, acme.id);
      expect(expected.length).toBeGreaterThan(0);
      const dims = report.aggregated
        ? report.columns.filter((c) => c.kind !== "measure").map((c) => c.key)
        : report.columns.map((c) => c.key);
      const measures = report.columns.filter((c) => c.kind === "measure").map((c) => c.key);
      if (!report.aggregated) {
        // Row-level: compare whole rows as multisets.
        const norm = (rows: Loose[]) => rows.map((r) => JSON.stringify(dims.map((d) => comparable(r[d])))).sort();
        expect(norm(actual)).toEqual(norm(expected));
      } else {
        expectSameRows(actual, expected, dims, measures);
      }
      const preview = await previewReport(conn, report, acme.id, 0, 20);
      expect(preview.totalCount).toBe(expected.length);
      expect(preview.limited).toBe(expected.length > report.definition.limit);
      expect(preview.rows.length).toBe(Math.min(20, expected.length));
    },
  );
});

describe("query engine", () => {
  it("buckets hours and days in the workspace's zone across the spring DST change", async () => {
    const { conn, acme } = seeded();
    for (const bucket of ["hour", "day", "week"] as const) {
      const report = checkDefinition(
        {
          dataset: "usage_events",
          timeRange: { type: "absolute", from: "2026-03-07", to: "2026-03-09" },
          timeBucket: bucket,
          measures: [{ fn: "count" }, { fn: "p95", field: "duration_ms" }, { fn: "p50", field: "revenue" }],
        },
        { timezone: "America/New_York", now: TEST_NOW },
      );
      const actual = await collect(streamReport(conn, report, acme.id));
      const expected = await referenceRows(conn, report, acme.id);
      expectSameRows(actual, expected, ["period"], ["count", "p95_duration_ms", "p50_revenue"]);
      if (bucket === "hour") {
        const hours = actual.map((r) => String(r.period));
        expect(hours.filter((h) => h.startsWith("2026-03-08")).length).toBeLessThanOrEqual(23);
        expect(hours).not.toContain("2026-03-08 02:00");
      }
      if (bucket === "day") expect(actual.map((r) => r.period)).toEqual(["2026-03-07", "2026-03-08", "2026-03-09"]);
      if (bucket === "week") expect(actual.map((r) => r.period)).toEqual(["2026-03-02", "2026-03-09"]);
    }
  });

  it("treats hostile filter values as plain values", async () => {
    const { conn, acme } = seeded();
    const count = sql`SELECT COUNT(*) AS n FROM usage_events WHERE workspace_id = ${acme.id}`;
    const [before] = await conn.query<{ n: number }>(count);
    for (const value of ["'; DROP TABLE usage_events; --", '" OR 1=1 --', "%", "_", "\\", "page%view"]) {
      for (const op of ["eq", "contains"] as const) {
        const report = checkDefinition(
          { dataset: "usage_events", filters: [{ field: "event_type", op, value }], measures: [{ fn: "count" }] },
          { timezone: "UTC", now: TEST_NOW },
        );
        const rows = await collect(streamReport(conn, report, acme.id));
        // Wildcards match only themselves: "_" is in "page_view", "%" is in nothing.
        const expected = (await referenceRows(conn, report, acme.id))[0]?.count ?? 0;
        expect(
          rows.map((r) => r.count),
          `${op} ${value}`,
        ).toEqual([expected]);
        if (value !== "_" || op === "eq") expect(expected).toBe(0);
      }
    }
    const [after] = await conn.query<{ n: number }>(count);
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("applies every filter operator like the naive evaluation", async () => {
    const { conn, globex } = seeded();
    const filters = [
      { field: "event_type", op: "in", value: ["login", "purchase"] },
      { field: "plan", op: "not_in", value: ["free"] },
      { field: "country", op: "neq", value: "US" },
      { field: "revenue", op: "between", value: [0, 100] },
      { field: "duration_ms", op: "gte", value: 500 },
      { field: "device_id", op: "contains", value: "D1" },
      { field: "occurred_at", op: "lt", value: "2026-03-20T12:00:00Z" },
      { field: "user_id", op: "is_not_empty" },
    ];
    const report = checkDefinition(
      {
        dataset: "usage_events",
        timeRange: { type: "absolute", from: "2026-03-01", to: "2026-03-31" },
        filters,
        columns: ["occurred_at", "event_type", "plan", "country", "revenue", "duration_ms", "device_id"],
        limit: 1_000_000,
      },
      { timezone: "Europe/Berlin", now: TEST_NOW },
    );
    const actual = await collect(streamReport(conn, report, globex.id));
    const expected = await referenceRows(conn, report, globex.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(actual.length).toBe(expected.length);
    expect(actual.every((r) => r.event_type === "login" || r.event_type === "purchase")).toBe(true);
  });

  it("streams in bounded batches, stops at the limit and never leaves the workspace", async () => {
    const { conn, acme, globex } = seeded();
    const report = checkDefinition(
      {
        dataset: "usage_events",
        columns: ["occurred_at", "user_id"],
        limit: 2_500,
        timeRange: { type: "absolute", from: "2025-12-01", to: "2026-04-30" },
      },
      { timezone: "UTC", now: TEST_NOW },
    );
    const sizes: number[] = [];
    const rows = await collect(streamReport(conn, report, acme.id, 400), sizes);
    expect(rows.length).toBe(2_500);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(400);
    const times = rows.map((r) => (r.occurred_at as Date).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const preview = await previewReport(conn, report, globex.id, 0, 10);
    expect(preview.totalCount).toBe(globex.events);
    expect(preview.limited).toBe(true);
    const beyond = await previewReport(conn, report, acme.id, 300, 10);
    expect(beyond.rows).toEqual([]);
    expect(beyond.totalCount).toBe(acme.events);
  });
});
