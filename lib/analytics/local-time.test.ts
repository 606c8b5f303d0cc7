import { describe, expect, it } from "vitest";
import { sql } from "../db/sql";
import { seeded } from "../../testing/db";
import { referenceLocalDate, toMs } from "../../testing/independent";
import { localDateSql } from "./local-time";

describe("local dates in SQL", () => {
  it.each(["America/New_York", "Europe/Berlin", "Asia/Kathmandu", "UTC"])(
    "match Intl for every seeded event in %s, across DST changes",
    async (zone) => {
      const { conn, seed, acme } = seeded();
      const day = localDateSql(conn.provider, "occurred_at", zone, seed.from, seed.to);
      const rows = await conn.query<{ at: unknown; day: string }>(sql`
        SELECT occurred_at AS at, ${day} AS day FROM usage_events WHERE workspace_id = ${acme.id}`);
      expect(rows.length).toBe(acme.events);
      const wrong = rows.filter((r) => r.day !== referenceLocalDate(zone, toMs(r.at)));
      expect(wrong).toEqual([]);
    },
  );
});
