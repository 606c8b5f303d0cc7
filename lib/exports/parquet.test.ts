import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parquetCsvDifferences, readParquet } from "../../testing/parquet-reader";
import { readCsv } from "../../testing/export-readers";
import { hostileString } from "../../testing/hostile-strings";
import type { ReportValue } from "../reports/engine";
import type { OutputColumn } from "../reports/types";
import { unstorableProblem } from "../text/unstorable-characters";
import { csvStream } from "./csv";
import { parquetColumn, parquetStream } from "./parquet";
import type { ExportMeta } from "./types";
import { csvColumnsFor } from "./write";

const INT32_MAX = 2 ** 31 - 1;
/** Cents as large as an amount may be (2^50 − 1): beyond a double's exact cents once divided by 100. */
const BIG_CENTS = 2 ** 50 - 1;

const COLUMNS: OutputColumn[] = [
  { key: "period", label: "Day", type: "date", format: "date", sensitive: false, kind: "bucket", bucket: "day" },
  { key: "occurred_at", label: "Occurred at", type: "datetime", format: "datetime", sensitive: false, kind: "field" },
  { key: "user_id", label: "User ID", type: "string", format: "text", sensitive: true, kind: "field" },
  {
    key: "duration_ms",
    label: "Duration",
    type: "integer",
    format: "duration",
    unit: "ms",
    sensitive: false,
    kind: "field",
  },
  {
    key: "revenue",
    label: "Revenue",
    type: "number",
    format: "currency",
    unit: "USD",
    sensitive: false,
    kind: "field",
  },
  {
    key: "sum_revenue",
    label: "Sum",
    type: "number",
    format: "currency",
    unit: "USD",
    sensitive: false,
    kind: "measure",
  },
  {
    key: "avg_revenue",
    label: "Avg",
    type: "number",
    format: "currency",
    unit: "USD",
    sensitive: false,
    kind: "measure",
  },
  { key: "count", label: "Events", type: "integer", format: "integer", sensitive: false, kind: "measure" },
  {
    key: "sum_duration_ms",
    label: "Total",
    type: "integer",
    format: "duration",
    unit: "ms",
    sensitive: false,
    kind: "measure",
  },
  { key: "p50_score", label: "Median", type: "number", format: "number", sensitive: false, kind: "measure" },
];

function meta(columns: OutputColumn[], timezone = "Europe/Berlin"): ExportMeta {
  return {
    reportName: "Parquet",
    description: "",
    workspace: { name: "W", slug: "w", timezone, locale: "en-US", brandColor: "#0f766e", logoUrl: null },
    range: { from: "2026-03-01", to: "2026-11-01", timezone },
    filters: [],
    generatedAt: new Date(0),
    columns,
    chart: { type: "none" },
    limit: 1_000_000,
    totalRows: null,
    notices: [],
  };
}

async function* batchesOf(rows: ReportValue[][], size = 1000): AsyncGenerator<ReportValue[][]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

const bytesOf = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

async function both(m: ExportMeta, rows: ReportValue[][], rowGroupRows?: number) {
  const csv = readCsv(await bytesOf(csvStream(csvColumnsFor(m), batchesOf(rows))));
  const parquet = await readParquet(await bytesOf(parquetStream(m, batchesOf(rows), { rowGroupRows })));
  return { csv, parquet };
}

// Instants on both sides of Berlin's and New York's DST changes, to the millisecond.
const DST_MS = [
  Date.UTC(2026, 2, 29, 0, 59, 59, 999),
  Date.UTC(2026, 2, 29, 1),
  Date.UTC(2026, 9, 25, 0, 30),
  Date.UTC(2026, 9, 25, 1, 30, 0, 1),
  Date.UTC(2026, 2, 8, 7),
  Date.UTC(2026, 10, 1, 6, 59, 59, 999),
];

const storable = hostileString().filter((s) => unstorableProblem(s) === null);
const cell = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 5, nil: null });
const row = fc.tuple(
  cell(fc.integer({ min: 20_400, max: 20_800 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10))),
  cell(fc.oneof(fc.constantFrom(...DST_MS), fc.integer({ min: 0, max: Date.UTC(9999, 11, 30) }))),
  cell(storable),
  cell(fc.constantFrom(-INT32_MAX - 1, INT32_MAX, 0, -1, 1)),
  cell(
    fc.oneof(fc.constantFrom(BIG_CENTS, -BIG_CENTS, 1, -1, 0), fc.integer({ min: -1e9, max: 1e9 })).map((c) => c / 100),
  ),
  cell(fc.constantFrom(BIG_CENTS, -BIG_CENTS, 1999, 10).map((c) => c / 100)),
  cell(fc.constantFrom(1234.5, 0.005, -12345.678, 1 / 3).map((c) => Number((c / 100).toPrecision(15)))),
  fc.integer({ min: 0, max: 2 ** 40 }),
  cell(fc.constantFrom(2 ** 53 - 1, -(2 ** 40), 0, INT32_MAX + 1)),
  cell(fc.double({ noNaN: true, noDefaultInfinity: true })),
);

describe("Parquet files", () => {
  it("type each column: instants in UTC, whole-cent money as DECIMAL, integers, doubles, dates, text", async () => {
    const { parquet } = await both(meta(COLUMNS), []);
    expect(parquet.columns).toEqual([
      { name: "Day", type: "DATE" },
      { name: "Occurred at", type: "TIMESTAMP WITH TIME ZONE" },
      { name: "User ID", type: "VARCHAR" },
      { name: "Duration (ms)", type: "INTEGER" },
      { name: "Revenue (USD)", type: "DECIMAL(18,2)" },
      { name: "Sum (USD)", type: "DECIMAL(18,2)" },
      { name: "Avg (USD)", type: "DOUBLE" },
      { name: "Events", type: "BIGINT" },
      { name: "Total (ms)", type: "BIGINT" },
      { name: "Median", type: "DOUBLE" },
    ]);
    expect(parquet.rows).toEqual([]);
    expect(parquet.rowGroups).toEqual([]);
  });

  it("hold every cell of the CSV of the same rows, generated values and edges included", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (rows) => {
        const { csv, parquet } = await both(meta(COLUMNS), rows as ReportValue[][]);
        expect(parquetCsvDifferences(parquet, csv)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it("keep the cents of the largest amounts exactly", async () => {
    const rows: ReportValue[][] = [[null, null, null, null, BIG_CENTS / 100, -BIG_CENTS / 100, null, 0, null, null]];
    const { parquet } = await both(meta(COLUMNS), rows);
    expect(parquet.rows[0].slice(4, 6)).toEqual(["11258999068426.23", "-11258999068426.23"]);
  });

  it("write a row group each time the cursor has delivered that many rows", async () => {
    const columns = COLUMNS.slice(1, 3);
    const rows: ReportValue[][] = Array.from({ length: 2_500 }, (_, i) => [Date.UTC(2026, 0, 1) + i * 1000, `u${i}`]);
    const { csv, parquet } = await both(meta(columns, "UTC"), rows, 1_000);
    expect(parquet.rowGroups).toEqual([1_000, 1_000, 500]);
    expect(parquetCsvDifferences(parquet, csv)).toEqual([]);
  });

  it("cut a group at its size inside a batch and start the next group with the rest", async () => {
    const columns = COLUMNS.slice(1, 5);
    const rows: ReportValue[][] = Array.from({ length: 2_500 }, (_, i) => [
      Date.UTC(2026, 0, 1) + i * 1000,
      `u${i % 37}`,
      i % 5 === 0 ? null : i,
      i % 3 === 0 ? null : ((i * 7) % 1000) / 100,
    ]);
    const { csv, parquet } = await both(meta(columns, "UTC"), rows, 700);
    expect(parquet.rowGroups).toEqual([700, 700, 700, 400]);
    expect(parquetCsvDifferences(parquet, csv)).toEqual([]);
  });

  it("keep every text cell when a column has more distinct values than the kept strings", async () => {
    // 70,000 distinct strings, past the 65,536 a column keeps before starting again.
    const rows: ReportValue[][] = Array.from({ length: 140_000 }, (_, i) => [i % 2 ? "same" : `d${i}`]);
    const { csv, parquet } = await both(meta([COLUMNS[2]], "UTC"), rows);
    expect(parquet.rowGroups).toHaveLength(14);
    expect(parquetCsvDifferences(parquet, csv)).toEqual([]);
  });

  it("hand on each row group's bytes before reading the rows after it", async () => {
    let read = 0;
    async function* counted(): AsyncGenerator<ReportValue[][]> {
      for (let i = 0; i < 5; i++) {
        read += 1000;
        yield Array.from({ length: 1000 }, (_, j) => [`row ${i * 1000 + j}`]);
      }
    }
    const columns: OutputColumn[] = [COLUMNS[2]];
    const reader = parquetStream(meta(columns), counted(), { rowGroupRows: 2_000 }).getReader();
    const first = await reader.read();
    expect(first.value!.byteLength).toBeGreaterThan(4);
    expect(read).toBe(2_000);
    await reader.cancel();
  });

  it("name repeated headers apart, since readers address columns by name", async () => {
    const twice = [COLUMNS[2], { ...COLUMNS[2], key: "device_id" }];
    const { parquet } = await both(meta(twice), [["a", "b"]]);
    expect(parquet.columns.map((c) => c.name)).toEqual(["User ID", "User ID (2)"]);
  });

  it("store hour buckets as their local text and sensitive fields as text whatever their type", () => {
    const hour: OutputColumn = {
      key: "period",
      label: "Hour",
      type: "hour",
      format: "hour",
      sensitive: false,
      kind: "bucket",
    };
    expect(parquetColumn(hour).element.type).toBe("BYTE_ARRAY");
    const secretNumber: OutputColumn = { ...COLUMNS[3], sensitive: true };
    expect(parquetColumn(secretNumber).element.converted_type).toBe("UTF8");
    expect(parquetColumn(COLUMNS[7]).element.repetition_type).toBe("REQUIRED");
    expect(parquetColumn(COLUMNS[8]).element.repetition_type).toBe("OPTIONAL");
  });
});
