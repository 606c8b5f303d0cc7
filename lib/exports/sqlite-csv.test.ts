import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { raw, sql } from "../db/sql";
import { insertUsageEvents } from "../demo/seed";
import type { UsageEventRow } from "../demo/factories";
import { DATASETS } from "../reports/catalog";
import { checkDefinition } from "../reports/check";
import { countReport, streamReportValues } from "../reports/engine";
import { seeded } from "../../testing/db";
import { scratchWorkspace } from "../../testing/workspaces";
import { CSV_EDGE_ANCHORS, CSV_EDGE_ZONES, csvEdgeRows } from "../../testing/csv-edge-rows";
import { csvByteStream, csvStream } from "./csv";
import { exportMeta } from "./pipeline";
import { sqliteCsvLines, sqliteCsvPlan } from "./sqlite-csv";
import { csvColumnsFor } from "./write";

const branding = { name: "T", slug: "t", timezone: "UTC", locale: "en-US", brandColor: "#2563eb", logoUrl: null };
const bytes = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

const { provider } = seeded();
const ZONES = CSV_EDGE_ZONES;
const ANCHORS = CSV_EDGE_ANCHORS;

describe.skipIf(provider !== "sqlite")("CSV lines written by SQLite", () => {
  let workspaceId = "";

  beforeAll(async () => {
    const { conn } = seeded();
    workspaceId = (await scratchWorkspace({ label: "sqlite-csv" })).workspace.id;
    const plain = [
      "plain",
      "",
      " lead",
      "trail ",
      "-12",
      "+1.5e3",
      "-x",
      "=1",
      "@a",
      "\t1",
      "a,b",
      "\u0000",
      "x\r\ny",
      'say "hi"',
      "\uFEFFbom",
      "cr\r",
      "lf\n",
    ];
    const rows = csvEdgeRows(workspaceId, { seed: 11, plain });
    // Ties: rows at one instant, which chunks read by (time, id) must split at the right id.
    for (let k = 0; k < 150; k++) rows.push({ ...rows[k * 3], occurredAt: ANCHORS[1] + 60_000 });
    await insertUsageEvents(conn, rows);
    // Values of types the columns were not declared for (SQLite stores them as given):
    // instants with a fraction of a millisecond, doubles and numbers past 2^53 (or past
    // the amount bound) where integers belong, and a blob where text belongs.
    const edit = (set: string, every: number) =>
      conn.execute(sql`UPDATE usage_events SET ${raw(set)} WHERE workspace_id = ${workspaceId} AND id % ${every} = 0`);
    await edit("occurred_at = occurred_at + 0.25", 11);
    await edit("duration_ms = 1.5", 13);
    await edit("duration_ms = 0.1 + 0.2", 17);
    await edit("duration_ms = 9007199254740993", 19);
    await edit("revenue_cents = 1125899906842624", 23);
    await edit("revenue_cents = 12.5", 29);
    await edit("plan = X'e282ac'", 31);
  });

  async function both(
    definition: object,
    timezone: string,
    redaction: "raw" | "masked" = "raw",
    batchRows?: number,
    workspace = workspaceId,
  ) {
    const { conn } = seeded();
    const report = checkDefinition(definition, { timezone });
    report.redaction = redaction;
    const meta = exportMeta(report, { name: "n", description: "" }, { ...branding, timezone }, null);
    const columns = csvColumnsFor(meta);
    const lines = sqliteCsvLines(conn, report, workspace, batchRows);
    const cursor = await bytes(csvStream(columns, streamReportValues(conn, report, workspace), { bom: true }));
    return { report, cursor, fast: lines ? await bytes(csvByteStream(columns, lines, { bom: true })) : null };
  }

  const definition = (sort: "asc" | "desc") => ({
    dataset: "usage_events",
    columns: ["occurred_at", "user_id", "device_id", "event_type", "plan", "country", "duration_ms", "revenue"],
    timeRange: { type: "absolute", from: "2025-12-31", to: "2026-12-31" },
    sort: [{ key: "occurred_at", dir: sort }],
    limit: 100_000,
  });

  it("writes the same bytes as the in-process writer: DST changes, odd offsets, hostile text, edge numbers", async () => {
    for (const zone of ZONES) {
      const { fast, cursor, report } = await both(definition(zone === "UTC" ? "desc" : "asc"), zone);
      expect(fast, zone).not.toBeNull();
      // Every row of the range is in the file, after the header.
      const rows = await countReport(seeded().conn, report, workspaceId);
      expect(rows).toBeGreaterThan(ANCHORS.length * 70);
      expect(Papa.parse(cursor.toString("utf8").slice(1), { skipEmptyLines: true }).data.length).toBe(rows + 1);
      expect(fast!.toString("utf8"), zone).toBe(cursor.toString("utf8"));
      expect(fast!.equals(cursor), zone).toBe(true);
    }
  });

  it("reads time-ordered reports in chunks by (time, id) with the same bytes, ties and the limit included", async () => {
    for (const [dir, limit] of [
      ["asc", 100_000],
      ["desc", 100_000],
      ["asc", 133],
      ["desc", 150],
    ] as const) {
      const { fast, cursor } = await both({ ...definition(dir), limit }, "America/New_York", "raw", 37);
      if (limit < 1000) {
        expect(Papa.parse(cursor.toString("utf8").slice(1), { skipEmptyLines: true }).data.length).toBe(limit + 1);
      }
      expect(fast!.toString("utf8"), `${dir} ${limit}`).toBe(cursor.toString("utf8"));
    }
    // The time shown in the middle of a line, or not at all (the default order is by time):
    // the chunks' keys come from the row's own instant or from values added for them.
    for (const [columns, sort] of [
      [["user_id", "occurred_at", "revenue"], "asc"],
      [["user_id", "occurred_at", "revenue"], "desc"],
      [["event_type", "duration_ms"], null],
    ] as const) {
      const { fast, cursor } = await both(
        { ...definition(sort ?? "asc"), columns, sort: sort ? [{ key: "occurred_at", dir: sort }] : [] },
        "America/New_York",
        "raw",
        37,
      );
      expect(fast!.toString("utf8"), `${columns.join()} ${sort}`).toBe(cursor.toString("utf8"));
    }
  });

  it("finds the one cell in a chunk that needs care, whichever rule it meets", async () => {
    const { conn } = seeded();
    const workspace = (await scratchWorkspace({ label: "sqlite-csv-care" })).workspace.id;
    const special = [" lead", "trail ", "=1", "+1", "-x", "@x", "\tx", "\rx", 'a"b', "\uFEFFx", "a\nb", "a,b"];
    const day = (k: number) => Date.UTC(2026, 4, 1 + k);
    const rows: UsageEventRow[] = special.flatMap((text, k) =>
      Array.from({ length: 21 }, (_, r) => ({
        workspaceId: workspace,
        occurredAt: day(k) + 3_600_000 + r * 60_000,
        userId: `u${r}`,
        deviceId: r === 10 ? text : `d${r}`,
        eventType: "view",
        plan: "free",
        country: "DE",
        durationMs: r,
        revenueCents: 100 + r,
      })),
    );
    await insertUsageEvents(conn, rows);
    for (const [k, text] of special.entries()) {
      const on = new Date(day(k)).toISOString().slice(0, 10);
      const { fast, cursor } = await both(
        { ...definition("asc"), timeRange: { type: "absolute", from: on, to: on } },
        "UTC",
        "raw",
        undefined,
        workspace,
      );
      expect(Papa.parse(cursor.toString("utf8").slice(1), { skipEmptyLines: true }).data.length).toBe(22);
      expect(fast!.toString("utf8"), JSON.stringify(text)).toBe(cursor.toString("utf8"));
    }
  });

  it("stops at the report's limit and sorts by other columns as the in-process writer does", async () => {
    const { fast, cursor } = await both(
      { ...definition("asc"), sort: [{ key: "revenue", dir: "desc" }], limit: 97 },
      "America/New_York",
    );
    expect(Papa.parse(cursor.toString("utf8").slice(1), { skipEmptyLines: true }).data.length).toBe(98);
    expect(fast!.equals(cursor)).toBe(true);
  });

  it("writes masked reports without sensitive columns; leaves masking, aggregates and doubles to JavaScript", async () => {
    const masked = await both(definition("asc"), "UTC", "masked");
    expect(masked.fast).toBeNull();
    const unmasked = await both(
      { ...definition("asc"), columns: ["occurred_at", "event_type", "revenue"] },
      "UTC",
      "masked",
    );
    expect(unmasked.fast).not.toBeNull();
    expect(unmasked.fast!.equals(unmasked.cursor)).toBe(true);
    const aggregate = checkDefinition(
      { dataset: "usage_events", groupBy: ["event_type"], measures: [{ fn: "count" }] },
      { timezone: "UTC" },
    );
    expect(sqliteCsvPlan(aggregate, workspaceId)).toBeNull();
    const doubles = checkDefinition(
      { dataset: "model_metrics", columns: ["recorded_at", "accuracy"], timeRange: definition("asc").timeRange },
      { timezone: "UTC" },
    );
    expect(sqliteCsvPlan(doubles, workspaceId)).toBeNull();
  });

  it("reads text columns declared TEXT, so SQLite keeps no number in them", async () => {
    const { conn } = seeded();
    for (const dataset of DATASETS) {
      const declared = await conn.query<{ name: string; type: string }>(
        sql`SELECT name, type FROM pragma_table_info(${dataset.table})`,
      );
      for (const field of dataset.fields.filter((f) => f.type === "string" && !f.cents)) {
        const column = declared.find((c) => c.name === field.column);
        expect(column?.type, `${dataset.table}.${field.column}`).toBe("TEXT");
      }
    }
  });
});
