import { describe, expect, it } from "vitest";
import { db } from "../db";
import { raw, sql } from "../db/sql";
import { seeded } from "../../testing/db";
import { TEST_EVENTS } from "../../testing/fixtures";
import { usageEvents } from "./factories";
import { DEMO_USERS, seedIfEmpty } from "./seed";

describe("demo data", () => {
  it("is deterministic for a seed", () => {
    const options = { workspaceId: "w", count: 500, from: 0, to: 86_400_000 * 3, seed: 7 };
    const a = [...usageEvents(options, 100)].flat();
    const b = [...usageEvents(options, 100)].flat();
    expect(a).toEqual(b);
    expect(a).toHaveLength(500);
    expect(a.every((r) => r.occurredAt >= options.from && r.occurredAt < options.to)).toBe(true);
    expect([...usageEvents({ ...options, seed: 8 }, 100)].flat()).not.toEqual(a);
  });

  it("fills two workspaces over the period, every row carrying its workspace", async () => {
    const { conn, seed, acme, globex } = seeded();
    const rows = await conn.query<{ workspace_id: string; n: number }>(sql`
      SELECT workspace_id, COUNT(*) AS n FROM usage_events GROUP BY workspace_id ORDER BY workspace_id`);
    const byWs = new Map(rows.map((r) => [r.workspace_id, Number(r.n)]));
    expect(byWs.get(acme.id)).toBe(acme.events);
    expect(byWs.get(globex.id)).toBe(globex.events);
    expect(acme.events + globex.events).toBe(TEST_EVENTS);
    for (const table of ["usage_events", "model_metrics", "alerts", "audit_events"]) {
      const owners = (
        await conn.query<{ workspace_id: string }>(sql`SELECT DISTINCT workspace_id FROM ${raw(table)}`)
      ).map((c) => c.workspace_id);
      expect(owners).toEqual(expect.arrayContaining([acme.id, globex.id]));
      const [orphans] = await conn.query<{ n: number }>(
        sql`SELECT COUNT(*) AS n FROM ${raw(table)} t WHERE NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.id = t.workspace_id)`,
      );
      expect(Number(orphans.n)).toBe(0);
    }
    expect(seed.to - seed.from).toBe(90 * 86_400_000);
  });

  it("never seeds over existing data", async () => {
    const { conn, acme } = seeded();
    const count = sql`SELECT COUNT(*) AS n FROM usage_events WHERE workspace_id = ${acme.id}`;
    const before = await conn.query<{ n: number }>(count);
    expect(await seedIfEmpty(db, conn)).toBeNull();
    // Other tests add users of their own; the demo ones must exist exactly once.
    expect(await db.user.count({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } })).toBe(DEMO_USERS.length);
    const after = await conn.query<{ n: number }>(count);
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });
});
