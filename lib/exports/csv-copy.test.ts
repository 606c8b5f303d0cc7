import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../db/sql";
import { insertUsageEvents } from "../demo/seed";
import { checkDefinition } from "../reports/check";
import { countReport, streamReportValues } from "../reports/engine";
import { seeded } from "../../testing/db";
import { scratchWorkspace } from "../../testing/workspaces";
import { CSV_EDGE_ANCHORS, CSV_EDGE_ZONES, csvEdgeRows } from "../../testing/csv-edge-rows";
import { copyRowsToCsv } from "./copy-rows";
import { csvByteStream, csvCell, csvStream } from "./csv";
import { copyCsvLines, copyPlan } from "./csv-copy";
import { isoFormatterMs } from "./instant-text";
import { exportMeta } from "./pipeline";
import { csvColumnsFor } from "./write";

const branding = { name: "T", slug: "t", timezone: "UTC", locale: "en-US", brandColor: "#2563eb", logoUrl: null };
const bytes = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

describe("COPY's text format, as CSV lines", () => {
  // Columns: text, integer, text. Escapes, NULL, quotes, commas, spaces at either end,
  // formula characters, a number with a sign, the byte order mark, multi-byte text.
  const hazards = [
    ...["a\\\\b", "\\r", "x\\n", "\\t1", "\\b\\f\\v", "\\,x", "\\N", "\\\\N", ""],
    ...['say "hi"', "x,y", " lead", "trail ", "=1+1", "-12", "+1.5e3", "-x", "+y", "@a", "\uFEFFbom", "東京"],
  ];
  // One hazard per row, in either text column, the other cells plain.
  const rows = hazards.flatMap((h, i) => [
    [h, String(i - 5), "plain"],
    ["plain", "", h],
  ]);
  const copyText = Buffer.from(rows.map((r) => r.join("\t") + "\n").join(""), "utf8");
  const values = (cell: string) =>
    cell === "\\N" ? null : cell.replace(/\\(.)/g, (_, c: string) => UNESCAPED[c] ?? c);
  const expected = rows.map((r) => [csvCell(values(r[0])), r[1], csvCell(values(r[2]))].join(",") + "\r\n").join("");

  it("writes what csvCell writes, whatever the chunk boundaries", () => {
    expect(expected).toContain('"\'=1+1"');
    for (let cut = 0; cut <= copyText.length; cut++) {
      for (const size of [1, 7, copyText.length]) {
        const csv = copyRowsToCsv(["text", "plain", "text"], "UTC");
        const parts = [copyText.subarray(0, cut), ...chunks(copyText.subarray(cut), size)].flatMap((p) =>
          csv.write(Buffer.from(p)),
        );
        csv.end();
        expect(Buffer.concat(parts).toString("utf8"), `cut at ${cut}, then ${size}`).toBe(expected);
      }
    }
  });

  it("fails when COPY ends in the middle of a row", () => {
    const csv = copyRowsToCsv(["text"], "UTC");
    csv.write(Buffer.from("a\nb"));
    expect(() => csv.end()).toThrow(/middle of a row/);
  });
});

describe("COPY's timestamptz text, as the cursor path's ISO 8601", () => {
  // DateStyle ISO in the session's zone: fractions of 0–6 digits, offsets of hours, minutes
  // or seconds, and shapes the cursor path leaves to pg's parser (NULL, BC, early and
  // five-digit years).
  // Written in each zone, as PostgreSQL writes them after SET TIME ZONE.
  const instants: Record<string, string[]> = {
    "America/New_York": [
      "2026-03-08 01:59:59.999999-05",
      "2026-03-08 03:00:00-04",
      "2026-11-01 01:00:00.000999-04",
      "2026-11-01 01:00:00.5-05",
      "1883-11-18 12:03:58-04:56:02",
      "0050-06-01 00:00:00-04:56:02",
      "2000-01-01 00:00:00-04:56:02 BC",
      "12026-01-01 00:00:00-05",
      "\\N",
    ],
    "Australia/Lord_Howe": ["2026-04-05 01:59:59.5+11", "2026-04-05 01:59:59.5+10:30"],
    "Pacific/Chatham": ["2026-09-27 03:45:00.12+13:45", "2026-04-05 02:45:00.123456+12:45"],
    "America/St_Johns": ["2026-11-01 01:00:00.000999-02:30", "2026-11-01 01:00:00-03:30"],
  };

  it("writes what the cursor path writes, whatever the chunk boundaries", async () => {
    const { timestamptzMs } = await import("../db/connection");
    for (const [zone, texts] of Object.entries(instants)) {
      const iso = isoFormatterMs(zone);
      const expected = texts
        .map((t) => {
          const read = t === "\\N" ? null : timestamptzMs(t);
          const cell = read === null ? "" : typeof read === "number" ? iso(read) : csvCell(String(read));
          return `a,${cell},1\r\n`;
        })
        .join("");
      const copyText = Buffer.from(texts.map((t) => `a\t${t}\t1\n`).join(""), "utf8");
      for (let cut = 0; cut <= copyText.length; cut++) {
        for (const size of [1, 5, copyText.length]) {
          const csv = copyRowsToCsv(["text", "instant", "plain"], zone);
          const parts = [copyText.subarray(0, cut), ...chunks(copyText.subarray(cut), size)].flatMap((p) =>
            csv.write(Buffer.from(p)),
          );
          csv.end();
          expect(Buffer.concat(parts).toString("utf8"), `${zone}: cut at ${cut}, then ${size}`).toBe(expected);
        }
      }
    }
  });
});

const UNESCAPED: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

function chunks(buffer: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) out.push(buffer.subarray(i, i + size));
  return out;
}

const { provider } = seeded();
const ZONES = CSV_EDGE_ZONES;
const ANCHORS = CSV_EDGE_ANCHORS;

describe.skipIf(provider !== "postgres")("CSV written by COPY", () => {
  let workspaceId = "";

  beforeAll(async () => {
    const { conn } = seeded();
    workspaceId = (await scratchWorkspace({ label: "csv-copy" })).workspace.id;
    const plain = ["plain", "", " lead", "trail ", "-12", "+1.5e3", "-x", "=1", "@a", "\t1", "a\\b", "\\.", "\\N"];
    const rows = csvEdgeRows(workspaceId, { seed: 7, plain });
    await insertUsageEvents(conn, rows);
    // Sub-millisecond instants: both paths cut the microseconds.
    await conn.execute(sql`UPDATE usage_events SET occurred_at = occurred_at + interval '999 microseconds'
        WHERE workspace_id = ${workspaceId} AND id % 5 = 0`);
  });

  async function both(definition: object, timezone: string, redaction: "raw" | "masked" = "raw") {
    const { conn } = seeded();
    const report = checkDefinition(definition, { timezone });
    report.redaction = redaction;
    const meta = exportMeta(report, { name: "n", description: "" }, { ...branding, timezone }, null);
    const columns = csvColumnsFor(meta);
    const lines = copyCsvLines(conn, report, workspaceId);
    const cursor = await bytes(csvStream(columns, streamReportValues(conn, report, workspaceId), { bom: true }));
    return { report, cursor, copy: lines ? await bytes(csvByteStream(columns, lines, { bom: true })) : null };
  }

  const definition = (sort: "asc" | "desc") => ({
    dataset: "usage_events",
    columns: ["occurred_at", "user_id", "device_id", "event_type", "plan", "country", "duration_ms", "revenue"],
    timeRange: { type: "absolute", from: "2025-12-31", to: "2026-12-31" },
    sort: [{ key: "occurred_at", dir: sort }],
    limit: 100_000,
  });

  it("writes the same bytes as the cursor path: DST changes, odd offsets, hostile text, edge numbers", async () => {
    for (const zone of ZONES) {
      const { copy, cursor, report } = await both(definition(zone === "UTC" ? "desc" : "asc"), zone);
      expect(copy, zone).not.toBeNull();
      // Every row of the range is in the file, after the header.
      const rows = await countReport(seeded().conn, report, workspaceId);
      expect(rows).toBeGreaterThan(ANCHORS.length * 70);
      expect(Papa.parse(cursor.toString("utf8").slice(1), { skipEmptyLines: true }).data.length).toBe(rows + 1);
      expect(copy!.equals(cursor), zone).toBe(true);
    }
  });

  it("stops at the report's limit and sorts by other columns as the cursor path does", async () => {
    const { copy, cursor } = await both(
      { ...definition("asc"), sort: [{ key: "revenue", dir: "desc" }], limit: 97 },
      "America/New_York",
    );
    expect(Papa.parse(cursor.toString("utf8").slice(1), { skipEmptyLines: true }).data.length).toBe(98);
    expect(copy!.equals(cursor)).toBe(true);
  });

  it("leaves masked reports, aggregates and doubles to the cursor path, and the masking key out of SQL", async () => {
    const masked = await both(definition("asc"), "UTC", "masked");
    expect(masked.copy).toBeNull();
    const unmaskedColumns = { ...definition("asc"), columns: ["occurred_at", "event_type", "revenue"] };
    expect((await both(unmaskedColumns, "UTC", "masked")).copy).not.toBeNull();
    const aggregate = checkDefinition(
      { dataset: "usage_events", groupBy: ["event_type"], measures: [{ fn: "count" }] },
      { timezone: "UTC" },
    );
    expect(copyPlan(aggregate, workspaceId)).toBeNull();
    const doubles = checkDefinition(
      { dataset: "model_metrics", columns: ["recorded_at", "accuracy"], timeRange: definition("asc").timeRange },
      { timezone: "UTC" },
    );
    expect(copyPlan(doubles, workspaceId)).toBeNull();
  });

  it("writes no value into the statement except through the driver's escaping", () => {
    const hostile = "x'); DROP TABLE usage_events; --\\";
    const report = checkDefinition(
      { ...definition("asc"), filters: [{ field: "event_type", op: "in", value: [hostile, "a'b"] }] },
      { timezone: "UTC" },
    );
    report.redaction = "raw";
    const plan = copyPlan(report, workspaceId)!;
    expect(plan.statement).toContain(` E'x''); DROP TABLE usage_events; --\\\\'`);
    expect(plan.statement).toContain(`'a''b'`);
  });
});
