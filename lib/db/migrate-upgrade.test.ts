import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seeded } from "../../testing/db";
import { openConnection, type Connection } from "./connection";
import { migrate, migrationsDir } from "./migrate";
import { createScratchDatabase, TEST_POSTGRES_URL } from "../../testing/scratch-database";
import { sql } from "./sql";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A new empty database of the suite's provider. */
async function emptyDatabase(provider: "sqlite" | "postgres"): Promise<Connection> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "chartroom-upgrade-"));
    const conn = openConnection({ provider, url: join(dir, "db.sqlite") });
    cleanups.push(async () => {
      await conn.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return conn;
  }
  const scratch = await createScratchDatabase(TEST_POSTGRES_URL(), "chartroom_upgrade");
  const conn = openConnection({ provider, url: scratch.url });
  cleanups.push(async () => {
    await conn.close();
    await scratch.drop();
  });
  return conn;
}

describe("upgrading a database that holds data", () => {
  it("applies later migrations without losing or orphaning a row", async () => {
    const { provider } = seeded();
    const conn = await emptyDatabase(provider);
    const all = migrationsDir(provider);
    const names = readdirSync(all).filter((n) => !n.includes("."));
    expect(names.length).toBeGreaterThan(1);

    // The database as the first release left it, with data in it.
    const first = mkdtempSync(join(tmpdir(), "chartroom-first-migration-"));
    cleanups.push(async () => rmSync(first, { recursive: true, force: true }));
    cpSync(join(all, names.sort()[0]), join(first, names[0]), { recursive: true });
    expect((await migrate(conn, first)).applied).toEqual([names[0]]);
    const now = new Date();
    await conn.execute(sql`INSERT INTO workspaces (id, name, slug, timezone, locale, brand_color, created_at)
      VALUES ('w1', 'Kept', 'kept', 'UTC', 'en-US', '#000000', ${now})`);
    await conn.execute(sql`INSERT INTO users (id, email, name, password_hash, created_at)
      VALUES ('u1', 'kept@example.com', 'Kept', 'x', ${now})`);
    await conn.execute(sql`INSERT INTO memberships (id, user_id, workspace_id, role, created_at)
      VALUES ('m1', 'u1', 'w1', 'owner', ${now})`);
    for (let i = 0; i < 50; i++) {
      await conn.execute(sql`INSERT INTO usage_events
        (workspace_id, occurred_at, user_id, device_id, event_type, plan, country, duration_ms, revenue)
        VALUES ('w1', ${now}, ${`u${i}`}, 'd', 'login', 'free', 'US', 10, 0)`);
    }

    const upgrade = await migrate(conn, all);
    expect(upgrade.applied).toEqual(names.sort().slice(1));
    const counts = await conn.query<{ w: number; m: number; e: number; v: number }>(sql`
      SELECT (SELECT COUNT(*) FROM workspaces) AS w, (SELECT COUNT(*) FROM memberships) AS m,
             (SELECT COUNT(*) FROM usage_events) AS e,
             (SELECT templates_version FROM workspaces WHERE id = 'w1') AS v`);
    expect(counts[0]).toEqual({ w: 1, m: 1, e: 50, v: 0 });
    // Events from before the hourly table are summed into it by its migration.
    const [hourly] = await conn.query<{ n: number; d: number }>(
      sql`SELECT SUM(events) AS n, SUM(duration_ms) AS d FROM usage_hourly WHERE workspace_id = 'w1'`,
    );
    expect([Number(hourly.n), Number(hourly.d)]).toEqual([50, 500]);
    expect((await migrate(conn, all)).applied).toEqual([]);
  });
});

describe("money moving to cents", () => {
  it("converts stored revenue to exact cents and rebuilds the hourly sums from them", async () => {
    const { provider } = seeded();
    const conn = await emptyDatabase(provider);
    const all = migrationsDir(provider);
    const names = readdirSync(all)
      .filter((n) => !n.includes("."))
      .sort();
    const cents = names.findIndex((n) => n.endsWith("_money_in_cents"));
    expect(cents).toBeGreaterThan(0);

    // The database just before the change, with amounts as doubles.
    const before = mkdtempSync(join(tmpdir(), "chartroom-before-cents-"));
    cleanups.push(async () => rmSync(before, { recursive: true, force: true }));
    for (const name of names.slice(0, cents)) cpSync(join(all, name), join(before, name), { recursive: true });
    await migrate(conn, before);
    const now = new Date(Date.UTC(2026, 2, 1, 10, 30));
    await conn.execute(sql`INSERT INTO workspaces (id, name, slug, timezone, locale, brand_color, created_at)
      VALUES ('w1', 'Kept', 'kept', 'UTC', 'en-US', '#000000', ${now})`);
    const amounts = [0, 19.99, 0.1 + 0.2, -0.01, 10000000000000.01, 49.5, 1e300, -1e300];
    for (const [i, revenue] of amounts.entries()) {
      await conn.execute(sql`INSERT INTO usage_events
        (workspace_id, occurred_at, user_id, device_id, event_type, plan, country, duration_ms, revenue, client_id)
        VALUES ('w1', ${now}, ${`u${i}`}, 'd', ${i < 6 ? "purchase" : "outlier"}, 'pro', 'US', 10, ${revenue}, ${`c${i}`})`);
    }

    await migrate(conn, all);
    const rows = await conn.query<{ client_id: string; revenue_cents: number }>(
      sql`SELECT client_id, revenue_cents FROM usage_events ORDER BY client_id`,
    );
    const max = 2 ** 50 - 1;
    expect(rows.map((r) => Number(r.revenue_cents))).toEqual([0, 1999, 30, -1, 1000000000000001, 4950, max, -max]);
    const hourly = await conn.query<{ event_type: string; events: number; revenue_cents: number }>(
      sql`SELECT event_type, events, revenue_cents FROM usage_hourly ORDER BY event_type`,
    );
    expect(hourly.map((h) => [h.event_type, Number(h.events), Number(h.revenue_cents)])).toEqual([
      ["outlier", 2, 0],
      ["purchase", 6, 1000000000006979],
    ]);

    // The new triggers keep the sums exact through inserts, updates and deletes.
    await conn.execute(sql`UPDATE usage_events SET revenue_cents = revenue_cents + 1 WHERE client_id = 'c1'`);
    await conn.execute(sql`DELETE FROM usage_events WHERE client_id = 'c4'`);
    const [after] = await conn.query<{ revenue_cents: number }>(
      sql`SELECT revenue_cents FROM usage_hourly WHERE event_type = 'purchase'`,
    );
    expect(Number(after.revenue_cents)).toBe(6979 + 1 - 1);
  });
});
