import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { connection } from "../db/connection";
import { sql } from "../db/sql";
import { ingest } from "../ingest/ingest";
import { collect, expectSameRows } from "../../testing/compare-rows";
import { TEST_NOW } from "../../testing/fixtures";
import { toMs } from "../../testing/independent";
import { referenceRows } from "../../testing/reference-report";
import { scratchWorkspace } from "../../testing/workspaces";
import { checkDefinition } from "./check";
import type { ReportDefinitionInput } from "./definition";
import { compileReport, previewReport, streamReport } from "./engine";
import { rollupFor } from "./rollup";

const HOUR = 3_600_000;
let workspaceId = "";

beforeAll(async () => {
  // 70 days before 2026-04-05: across the spring DST change in America/New_York and Europe/London.
  const { workspace } = await scratchWorkspace({
    events: 6_000,
    days: 70,
    now: TEST_NOW,
    timezone: "America/New_York",
  });
  workspaceId = workspace.id;
});

afterAll(async () => {
  await db.workspace.deleteMany({ where: { id: workspaceId } });
});

function check(definition: ReportDefinitionInput, timezone = "America/New_York") {
  return checkDefinition(definition, { timezone, now: TEST_NOW });
}

const span = { type: "absolute", from: "2026-01-20", to: "2026-04-05" } as const;

const ANSWERED: [string, ReportDefinitionInput, string?][] = [
  [
    "events per day and type",
    {
      dataset: "usage_events",
      timeRange: span,
      timeBucket: "day",
      groupBy: ["event_type"],
      measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }],
    },
  ],
  [
    "hours across the spring change",
    {
      dataset: "usage_events",
      timeRange: { type: "absolute", from: "2026-03-07", to: "2026-03-09" },
      timeBucket: "hour",
      measures: [{ fn: "count" }, { fn: "avg", field: "duration_ms" }],
    },
  ],
  [
    "weeks by plan, durations",
    {
      dataset: "usage_events",
      timeRange: span,
      timeBucket: "week",
      groupBy: ["plan"],
      measures: [
        { fn: "sum", field: "duration_ms" },
        { fn: "avg", field: "duration_ms" },
        { fn: "avg", field: "revenue" },
      ],
    },
    "UTC",
  ],
  [
    "months by country in London",
    {
      dataset: "usage_events",
      timeRange: span,
      timeBucket: "month",
      groupBy: ["country"],
      measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }],
    },
    "Europe/London",
  ],
  [
    "plan and country with every kind of dimension filter",
    {
      dataset: "usage_events",
      timeRange: { type: "relative", preset: "last_30_days" },
      groupBy: ["plan", "country"],
      filters: [
        { field: "event_type", op: "in", value: ["login", "purchase", "page_view"] },
        { field: "country", op: "neq", value: "US" },
        { field: "plan", op: "contains", value: "R" },
      ],
      measures: [{ fn: "count" }, { fn: "avg", field: "revenue" }, { fn: "sum", field: "duration_ms" }],
    },
  ],
  [
    "one total row",
    { dataset: "usage_events", timeRange: span, measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }] },
    "Asia/Tokyo",
  ],
  [
    "nothing matches",
    {
      dataset: "usage_events",
      timeRange: span,
      filters: [{ field: "country", op: "is_empty" }],
      measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }],
    },
  ],
];

describe("aggregates read from usage_hourly", () => {
  it.each(ANSWERED)(
    "%s: read from the hourly table, same figures as the events",
    async (_name, definition, timezone) => {
      const conn = connection();
      const report = check(definition, timezone);
      expect(rollupFor(report)).toBeDefined();
      const compiled = compileReport(conn.provider, report, workspaceId).base.render(conn.provider).text;
      expect(compiled).toContain('"usage_hourly"');
      expect(compiled).not.toContain('"usage_events"');

      const actual = await collect(streamReport(conn, report, workspaceId));
      const expected = await referenceRows(conn, report, workspaceId);
      const dims = report.columns.filter((c) => c.kind !== "measure").map((c) => c.key);
      const measures = report.columns.filter((c) => c.kind === "measure").map((c) => c.key);
      if (dims.length === 0) {
        // One row however many events: a count of 0 and no sum when nothing matches.
        expect(actual).toHaveLength(1);
        expect(actual[0].count).toBe(expected[0]?.count ?? 0);
      } else {
        expect(expected.length).toBeGreaterThan(0);
        expectSameRows(actual, expected, dims, measures);
      }
      const preview = await previewReport(conn, report, workspaceId, 0, 5);
      expect(preview.totalCount).toBe(Math.max(expected.length, dims.length === 0 ? 1 : 0));
    },
  );

  it("reads the events for what the hourly table cannot answer, with the right figures", async () => {
    const conn = connection();
    const cases: [ReportDefinitionInput, string][] = [
      [
        {
          dataset: "usage_events",
          timeRange: span,
          timeBucket: "day",
          measures: [{ fn: "count_distinct", field: "user_id" }],
        },
        "America/New_York",
      ],
      [
        {
          dataset: "usage_events",
          timeRange: span,
          groupBy: ["plan"],
          measures: [{ fn: "p95", field: "duration_ms" }],
        },
        "America/New_York",
      ],
      [
        { dataset: "usage_events", timeRange: span, groupBy: ["plan"], measures: [{ fn: "min", field: "revenue" }] },
        "America/New_York",
      ],
      [
        { dataset: "usage_events", timeRange: span, groupBy: ["device_id"], measures: [{ fn: "count" }] },
        "America/New_York",
      ],
      [
        {
          dataset: "usage_events",
          timeRange: span,
          filters: [{ field: "duration_ms", op: "gt", value: 500 }],
          groupBy: ["plan"],
          measures: [{ fn: "count" }],
        },
        "UTC",
      ],
      // Local midnight in India is half past the UTC hour: the range is not whole hours.
      [{ dataset: "usage_events", timeRange: span, groupBy: ["plan"], measures: [{ fn: "count" }] }, "Asia/Kolkata"],
      [{ dataset: "usage_events", timeRange: span, timeBucket: "hour", measures: [{ fn: "count" }] }, "Asia/Kathmandu"],
      [{ dataset: "model_metrics", timeRange: span, groupBy: ["model_name"], measures: [{ fn: "count" }] }, "UTC"],
    ];
    for (const [definition, timezone] of cases) {
      const report = check(definition, timezone);
      const label = `${JSON.stringify(definition)} in ${timezone}`;
      expect(rollupFor(report), label).toBeUndefined();
      expect(compileReport(conn.provider, report, workspaceId).base.render(conn.provider).text, label).not.toContain(
        "usage_hourly",
      );
      if (definition.dataset !== "usage_events") continue;
      const actual = await collect(
        streamReport(conn, { ...report, definition: { ...report.definition, limit: 1_000_000 } }, workspaceId),
      );
      const expected = await referenceRows(conn, report, workspaceId);
      const dims = report.columns.filter((c) => c.kind !== "measure").map((c) => c.key);
      expectSameRows(
        actual,
        expected,
        dims,
        report.columns.filter((c) => c.kind === "measure").map((c) => c.key),
      );
    }
  });
});

interface Group {
  events: number;
  revenue: number;
  duration: number;
}

/** usage_hourly as stored, and as summed here from the events themselves. */
async function hourlyAndEvents(workspace: string) {
  const conn = connection();
  const stored = new Map<string, Group>();
  for (const r of await conn.query(sql`SELECT * FROM usage_hourly WHERE workspace_id = ${workspace}`)) {
    stored.set(`${toMs(r.hour)}|${r.event_type}|${r.plan}|${r.country}`, {
      events: Number(r.events),
      revenue: Number(r.revenue_cents),
      duration: Number(r.duration_ms),
    });
  }
  const summed = new Map<string, Group>();
  for (const e of await conn.query(sql`SELECT * FROM usage_events WHERE workspace_id = ${workspace}`)) {
    const ms = toMs(e.occurred_at);
    const key = `${ms - (((ms % HOUR) + HOUR) % HOUR)}|${e.event_type}|${e.plan}|${e.country}`;
    const g = summed.get(key) ?? { events: 0, revenue: 0, duration: 0 };
    g.events += 1;
    g.revenue += Number(e.revenue_cents);
    g.duration += Number(e.duration_ms);
    summed.set(key, g);
  }
  return { stored, summed };
}

function expectInStep({ stored, summed }: { stored: Map<string, Group>; summed: Map<string, Group> }) {
  expect([...stored.keys()].sort()).toEqual([...summed.keys()].sort());
  for (const [key, want] of summed) {
    const got = stored.get(key)!;
    expect(got.events, key).toBe(want.events);
    expect(got.duration, key).toBe(want.duration);
    // Cents are integers: the hourly sums are exact, not merely close.
    expect(got.revenue, key).toBe(want.revenue);
  }
}

describe("usage_hourly follows usage_events", () => {
  it("through ingestion, repeated batches, updates, deletes and the workspace's deletion", async () => {
    const { workspace } = await scratchWorkspace({ events: 0, timezone: "America/New_York" });
    const conn = connection();
    const base = Date.UTC(2026, 2, 8, 6, 0, 0);
    const records = Array.from({ length: 300 }, (_, i) => ({
      id: `e-${i}`,
      occurredAt: new Date(base + i * 97_000).toISOString(),
      userId: `u${i % 17}`,
      deviceId: `d${i % 5}`,
      eventType: ["login", "purchase", "export"][i % 3],
      plan: ["free", "pro"][i % 2],
      country: ["US", "DE", "FR"][i % 3],
      durationMs: 100 + i,
      revenue: i % 3 === 1 ? (10 * (i % 7) + 999) / 100 : 0,
    }));
    expect((await ingest("usage_events", workspace.id, records)).accepted).toBe(300);
    // The same batch again stores nothing, so nothing is counted twice.
    expect((await ingest("usage_events", workspace.id, records.slice(0, 120))).duplicates).toBe(120);
    let state = await hourlyAndEvents(workspace.id);
    expect([...state.stored.values()].reduce((n, g) => n + g.events, 0)).toBe(300);
    expectInStep(state);

    // Changes no route makes today, made here in plain SQL: the triggers keep step anyway.
    await conn.execute(sql`UPDATE usage_events SET revenue_cents = revenue_cents + 125, plan = 'team'
      WHERE workspace_id = ${workspace.id} AND client_id IN ('e-1', 'e-4', 'e-7', 'e-9')`);
    await conn.execute(sql`UPDATE usage_events SET occurred_at = ${new Date(base - 5 * HOUR)}
      WHERE workspace_id = ${workspace.id} AND client_id = 'e-10'`);
    await conn.execute(
      sql`DELETE FROM usage_events WHERE workspace_id = ${workspace.id} AND client_id IN ('e-13', 'e-14', 'e-15', 'e-16')`,
    );
    state = await hourlyAndEvents(workspace.id);
    expect([...state.stored.values()].reduce((n, g) => n + g.events, 0)).toBe(296);
    expectInStep(state);

    // Emptying an hour removes its rows rather than leaving zero counts behind.
    await conn.execute(
      sql`DELETE FROM usage_events WHERE workspace_id = ${workspace.id} AND occurred_at < ${new Date(base)}`,
    );
    state = await hourlyAndEvents(workspace.id);
    expect([...state.stored.keys()].some((k) => Number(k.split("|")[0]) < base)).toBe(false);
    expectInStep(state);

    await db.workspace.delete({ where: { id: workspace.id } });
    const [left] = await conn.query<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM usage_hourly WHERE workspace_id = ${workspace.id}`,
    );
    expect(Number(left.n)).toBe(0);
  });

  it("counts every event when batches for the same hours arrive at once", async () => {
    const { workspace } = await scratchWorkspace({ events: 0, timezone: "America/New_York" });
    const base = Date.UTC(2026, 0, 10, 9, 0, 0);
    const batch = (b: number) =>
      Array.from({ length: 200 }, (_, i) => ({
        id: `b${b}-${i}`,
        occurredAt: new Date(base + ((i * 7919) % (3 * HOUR))).toISOString(),
        userId: `u${i}`,
        deviceId: "d",
        eventType: i % 2 ? "login" : "export",
        plan: "pro",
        country: "US",
        durationMs: i,
        revenue: i % 4 === 0 ? 4.5 : 0,
      }));
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((b) => ingest("usage_events", workspace.id, batch(b))));
    expect(results.map((r) => r.accepted)).toEqual([200, 200, 200, 200, 200, 200]);
    const state = await hourlyAndEvents(workspace.id);
    expect([...state.stored.values()].reduce((n, g) => n + g.events, 0)).toBe(1_200);
    expectInStep(state);
    await db.workspace.delete({ where: { id: workspace.id } });
  });
});
