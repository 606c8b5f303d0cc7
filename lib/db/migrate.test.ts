import { describe, expect, it } from "vitest";
import { seeded } from "../../testing/db";
import { migrate } from "./migrate";
import { sql } from "./sql";

describe("migrations", () => {
  it("run against the database this suite was started for", () => {
    const { conn, provider } = seeded();
    expect(conn.provider).toBe(provider);
    expect(process.env.DATABASE_URL?.startsWith("postgres")).toBe(provider === "postgres");
  });

  it("apply once: a second run on a migrated database changes nothing and keeps every row", async () => {
    const { conn, acme } = seeded();
    const count = async () =>
      (await conn.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM usage_events WHERE workspace_id = ${acme.id}`))[0]
        .n;
    const before = Number(await count());
    expect(before).toBeGreaterThan(0);
    const again = await migrate(conn);
    expect(again.applied).toEqual([]);
    expect(again.skipped).toBeGreaterThan(0);
    expect(Number(await count())).toBe(before);
  });

  it("run concurrently without applying anything twice", async () => {
    const { conn } = seeded();
    const results = await Promise.all([migrate(conn), migrate(conn)]);
    expect(results.flatMap((r) => r.applied)).toEqual([]);
    const rows = await conn.query<{ name: string }>(sql`SELECT name FROM _chartroom_migrations`);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });
});
