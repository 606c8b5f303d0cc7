import pg from "pg";
import { describe, expect, it } from "vitest";
import { seeded } from "../../testing/db";
import { STREAM_CLIENTS, timestamptzMs } from "./connection";
import { sql, toDate } from "./sql";

const pgParse = pg.types.getTypeParser(1184, "text");

describe("timestamptzMs", () => {
  it("gives the instant pg's own parser gives, as epoch ms", () => {
    const texts = [
      "2026-03-08 06:59:59.999+00",
      "2026-03-08 02:30:00-05",
      "2026-11-01 01:30:00.5-04",
      "2024-02-29 23:59:59.123456+05:30",
      "1970-01-01 00:00:00+00",
      "1969-12-31 23:59:59.9+00",
      "1900-01-01 00:00:00+00:09:21",
      "0100-01-01 00:00:00+00",
      "9999-12-31 23:59:59.999-12",
    ];
    for (const text of texts) {
      const ours = timestamptzMs(text);
      expect(typeof ours, text).toBe("number");
      expect(ours, text).toBe((pgParse(text) as Date).getTime());
    }
  });

  it("leaves what it does not read to pg's parser: two-digit years, BC, infinity", () => {
    for (const text of ["0050-06-01 00:00:00+00", "2000-01-01 00:00:00+00 BC", "infinity", "-infinity"]) {
      expect(timestamptzMs(text)).toEqual(pgParse(text));
    }
  });
});

describe("streamed rows", () => {
  it("carry instants as epoch ms equal to the database's, in arrays and objects", async () => {
    const { conn, acme } = seeded();
    const query = sql`SELECT id, occurred_at FROM usage_events WHERE workspace_id = ${acme.id} ORDER BY occurred_at, id LIMIT 300`;
    const expected = (await conn.query<{ id: unknown; occurred_at: unknown }>(query)).map((r) =>
      toDate(r.occurred_at)!.getTime(),
    );
    expect(expected.length).toBe(300);

    const arrays: unknown[] = [];
    for await (const batch of conn.streamArrays(query, 64)) arrays.push(...batch.map((r) => r[1]));
    const objects: unknown[] = [];
    for await (const batch of conn.stream<{ occurred_at: unknown }>(query, 64))
      objects.push(...batch.map((r) => r.occurred_at));

    expect(arrays).toEqual(expected);
    expect(objects).toEqual(expected);
  });
});

describe.skipIf(seeded().provider !== "postgres")("COPY out", () => {
  it("lets the event loop turn between chunks, so other requests are served while it runs", async () => {
    const { conn } = seeded();
    // Macrotask turns, counted by a callback that queues itself again on each turn.
    let turns = 0;
    let running = true;
    const turn = () => {
      turns++;
      if (running) setImmediate(turn);
    };
    setImmediate(turn);
    const seen: number[] = [];
    let bytes = 0;
    try {
      for await (const chunk of conn.copyOut!(
        "COPY (SELECT repeat('x', 500) FROM generate_series(1, 40000)) TO STDOUT",
      )) {
        seen.push(turns);
        bytes += chunk.length;
      }
    } finally {
      running = false;
    }
    expect(bytes).toBe(40000 * 501);
    expect(seen.length).toBeGreaterThan(10);
    // Without a turn between chunks, buffered chunks are handed on in one run of microtasks.
    const sameTurn = seen.filter((t, i) => i > 0 && t === seen[i - 1]).length;
    expect(sameTurn).toBe(0);
  });

  it("answers short queries while every stream client is held by a download", async () => {
    const { conn, acme } = seeded();
    const query = sql`SELECT id FROM usage_events WHERE workspace_id = ${acme.id} ORDER BY id`;
    // Each stream keeps its client between batches, as a slow download does.
    const held = Array.from({ length: STREAM_CLIENTS }, () => conn.streamArrays(query, 1));
    try {
      for (const stream of held) expect((await stream.next()).done).toBe(false);
      const [row] = await conn.query<{ one: number }>(sql`SELECT 1 AS one`);
      expect(row.one).toBe(1);
    } finally {
      for (const stream of held) await stream.return(undefined);
    }
  });
});
