import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvStream } from "../exports/csv";
import { resolveDateRange } from "../dashboard/range";
import { sql } from "../db/sql";
import { seeded } from "../testing/db";
import { TEST_NOW } from "../testing/fixtures";
import { referenceLocalDate, toMs } from "../testing/independent";
import { USAGE_SUMMARY_COLUMNS, usageSummaryRows } from "./usage-summary";

describe("usage summary export", () => {
  it("streams one row per local day and event type that agrees with the raw events", async () => {
    const { conn, globex } = seeded();
    const zone = "Europe/Berlin";
    const range = resolveDateRange({ from: "2026-03-20", to: "2026-04-02" }, zone, { now: TEST_NOW });

    const batchSizes: number[] = [];
    const rows = [];
    for await (const batch of usageSummaryRows(conn, globex.id, range)) {
      batchSizes.push(batch.length);
      rows.push(...batch);
    }
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(1000);

    const events = await conn.query<{ at: unknown; event_type: string; user_id: string; revenue: number }>(sql`
      SELECT occurred_at AS at, event_type, user_id, revenue FROM usage_events WHERE workspace_id = ${globex.id}`);
    const expected = new Map<string, { events: number; users: Set<string>; revenue: number }>();
    for (const e of events) {
      const d = referenceLocalDate(zone, toMs(e.at));
      if (d < range.from || d > range.to) continue;
      const key = `${d}|${e.event_type}`;
      const acc = expected.get(key) ?? { events: 0, users: new Set<string>(), revenue: 0 };
      acc.events++;
      acc.users.add(e.user_id);
      acc.revenue += Number(e.revenue);
      expected.set(key, acc);
    }
    expect(rows.length).toBe(expected.size);
    for (const r of rows) {
      const e = expected.get(`${r.date}|${r.event_type}`);
      expect(e, `${r.date} ${r.event_type}`).toBeDefined();
      expect(Number(r.events)).toBe(e!.events);
      expect(Number(r.unique_users)).toBe(e!.users.size);
      expect(Number(r.revenue ?? 0)).toBeCloseTo(e!.revenue, 2);
    }
    const keys = rows.map((r) => `${r.date}|${r.event_type}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("writes a CSV that a reader parses back to the same rows", async () => {
    const { conn, acme } = seeded();
    const range = resolveDateRange({ from: "2026-03-01", to: "2026-03-31" }, "America/New_York", { now: TEST_NOW });
    const text = await new Response(csvStream(USAGE_SUMMARY_COLUMNS, usageSummaryRows(conn, acme.id, range))).text();
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(USAGE_SUMMARY_COLUMNS.map((c) => c.label));
    const [total] = await conn.query<{ n: number }>(sql`
      SELECT COUNT(*) AS n FROM usage_events
      WHERE workspace_id = ${acme.id} AND occurred_at >= ${new Date(range.fromMs)} AND occurred_at < ${new Date(range.toMs)}`);
    expect(parsed.data.reduce((s, r) => s + Number(r.Events), 0)).toBe(Number(total.n));
    expect(new Set(parsed.data.map((r) => r.Date)).size).toBe(31);
  });
});
