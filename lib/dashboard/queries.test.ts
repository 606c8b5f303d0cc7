import { describe, expect, it } from "vitest";
import { sql } from "../db/sql";
import { seeded } from "../../testing/db";
import { TEST_NOW } from "../../testing/fixtures";
import { referenceLocalDate, toMs } from "../../testing/independent";
import { dashboardData } from "./queries";
import { resolveDateRange } from "./range";

describe("dashboard data", () => {
  it("matches independent SQL and per-event counting for a range spanning a DST change", async () => {
    const { conn, acme } = seeded();
    const zone = "America/New_York";
    const range = resolveDateRange({ from: "2026-03-01", to: "2026-03-15" }, zone, { now: TEST_NOW });
    const data = await dashboardData(conn, acme.id, range);

    const events = await conn.query<{ at: unknown; user_id: string; revenue: number }>(sql`
      SELECT occurred_at AS at, user_id, revenue_cents AS revenue FROM usage_events WHERE workspace_id = ${acme.id}`);
    const inRange = events.filter((e) => {
      const d = referenceLocalDate(zone, toMs(e.at));
      return d >= "2026-03-01" && d <= "2026-03-15";
    });
    expect(data.kpis.events.value).toBe(inRange.length);
    expect(data.kpis.uniqueUsers.value).toBe(new Set(inRange.map((e) => e.user_id)).size);
    expect(data.kpis.revenue.value).toBe(inRange.reduce((s, e) => s + Number(e.revenue), 0) / 100);

    expect(data.eventsPerDay.map((d) => d.date)).toHaveLength(15);
    for (const day of data.eventsPerDay) {
      const expected = inRange.filter((e) => referenceLocalDate(zone, toMs(e.at)) === day.date).length;
      expect(day.events, day.date).toBe(expected);
    }

    const [open] = await conn.query<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM alerts WHERE workspace_id = ${acme.id} AND resolved_at IS NULL`,
    );
    expect(data.kpis.openAlerts).toBe(Number(open.n));
    expect(data.openAlerts.bySeverity.reduce((s, x) => s + x.count, 0)).toBe(Number(open.n));
    expect(data.topEventTypes.reduce((s, t) => s + t.events, 0)).toBeLessThanOrEqual(inRange.length);
    expect(data.models.length).toBe(3);
    expect(data.accuracyTrend.length).toBe(15);
  });

  it("keeps each workspace's numbers to itself", async () => {
    const { conn, acme, globex, seed } = seeded();
    const range = resolveDateRange({ from: "2026-01-01", to: "2026-04-30" }, "UTC", { now: TEST_NOW });
    const [a, g] = await Promise.all([dashboardData(conn, acme.id, range), dashboardData(conn, globex.id, range)]);
    expect(a.kpis.events.value).toBe(acme.events);
    expect(g.kpis.events.value).toBe(globex.events);
    expect(seed.workspaces).toHaveLength(2);
    const none = await dashboardData(conn, "no-such-workspace", range);
    expect(none.kpis.events.value).toBe(0);
    expect(none.eventsPerDay.every((d) => d.events === 0)).toBe(true);
  });
});
