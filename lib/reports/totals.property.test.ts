import { createElement } from "react";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { connection } from "../db/connection";
import { insertRows, type BulkColumn } from "../db/bulk";
import { sql } from "../db/sql";
import { modelMetrics, type ModelMetricRow } from "../demo/factories";
import { renderEmail, ReportEmail } from "../email/report-email";
import { prepareExport } from "../exports/pipeline";
import type { ExportBranding, ExportFormat } from "../exports/types";
import { formatNumberCell } from "../format/cells";
import { headline } from "../schedules/compose";
import { TEST_NOW } from "../../testing/fixtures";
import { readCsv, readJsonDocument, readNdjson, readPdfText } from "../../testing/export-readers";
import { referenceLocalDate, toMs } from "../../testing/independent";
import { pdfTiles } from "../../testing/pdf-tiles";
import { scratchWorkspace } from "../../testing/workspaces";
import { checkDefinition, type CheckedReport } from "./check";
import { measureKey, type ReportDefinitionInput, type ReportMeasure } from "./definition";
import { TOTAL_KIND_TEXT } from "./totals-text";
import type { OutputColumn } from "./types";

// Random report definitions over seeded data: the headline figures of every surface (JSON
// header, XLSX summary, PDF tiles, e-mail) must equal this file's own evaluation of the
// raw rows, and every format must hold the same rows. 200 definitions per run, each with
// its e-mail; PDFs are rendered for every tenth one (a PDF takes about a second). Time cap: the
// whole file stays under 3 minutes on a 2-core machine (about 25 s of tests measured, on SQLite and on PostgreSQL).

const RUNS = 200;
const RENDER_EVERY = 10;
const DAY = 86_400_000;
/** The data spans 40 days before the test clock: both spring DST changes of 2026 (US 8 March, EU 29 March). */
const SPAN_DAYS = 40;
const ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"];

type Raw = Record<string, string | number | null> & { at: number };

interface Dataset {
  key: "usage_events" | "model_metrics";
  dims: string[];
  numeric: string[];
  /** Stored in cents, shown as an amount. */
  cents: Set<string>;
  rows: Raw[];
  values: Map<string, string[]>;
}

const METRIC_COLUMNS: BulkColumn<ModelMetricRow>[] = [
  { name: "workspace_id", kind: "text", value: (r) => r.workspaceId },
  { name: "recorded_at", kind: "time", value: (r) => r.recordedAt },
  { name: "model_name", kind: "text", value: (r) => r.modelName },
  { name: "model_version", kind: "text", value: (r) => r.modelVersion },
  { name: "accuracy", kind: "float", value: (r) => r.accuracy },
  { name: "precision", kind: "float", value: (r) => r.precision },
  { name: "recall", kind: "float", value: (r) => r.recall },
  { name: "f1", kind: "float", value: (r) => r.f1 },
  { name: "latency_ms", kind: "float", value: (r) => r.latencyMs },
  { name: "drift_score", kind: "float", value: (r) => r.driftScore },
  { name: "prediction_count", kind: "int", value: (r) => r.predictionCount },
];

let workspaceId = "";
let branding: ExportBranding;
const datasets = new Map<string, Dataset>();

function distinctValues(rows: Raw[], dims: string[]): Map<string, string[]> {
  return new Map(dims.map((d) => [d, [...new Set(rows.map((r) => String(r[d])))].sort()]));
}

beforeAll(async () => {
  const { workspace } = await scratchWorkspace({
    label: "totals",
    events: 3000,
    days: SPAN_DAYS,
    now: TEST_NOW,
    templates: false,
    timezone: "America/New_York",
  });
  workspaceId = workspace.id;
  branding = { ...workspace, locale: "en-US", brandColor: "#2563eb", logoUrl: null };
  const conn = connection();
  // Twelve days of hourly model metrics, across the US change.
  const from = Date.UTC(2026, 2, 2);
  await insertRows(
    conn,
    "model_metrics",
    METRIC_COLUMNS,
    modelMetrics({ workspaceId, from, to: from + 12 * DAY, seed: 3 }),
  );

  const usage = await conn.query(sql`
    SELECT occurred_at, user_id, device_id, event_type, plan, country, duration_ms, revenue_cents
    FROM usage_events WHERE workspace_id = ${workspaceId}`);
  const usageRows = usage.map((r) => ({
    at: toMs(r.occurred_at),
    user_id: r.user_id as string,
    device_id: r.device_id as string,
    event_type: r.event_type as string,
    plan: r.plan as string,
    country: r.country as string,
    duration_ms: Number(r.duration_ms),
    revenue: Number(r.revenue_cents),
  }));
  const usageDims = ["event_type", "plan", "country", "user_id", "device_id"];
  datasets.set("usage_events", {
    key: "usage_events",
    dims: usageDims,
    numeric: ["duration_ms", "revenue"],
    cents: new Set(["revenue"]),
    rows: usageRows,
    values: distinctValues(usageRows, ["event_type", "plan", "country"]),
  });
  const metrics = await conn.query(sql`SELECT * FROM model_metrics WHERE workspace_id = ${workspaceId}`);
  const numeric = ["accuracy", "precision", "recall", "f1", "latency_ms", "drift_score", "prediction_count"];
  const metricRows = metrics.map((r) => {
    const row: Raw = {
      at: toMs(r.recorded_at),
      model_name: r.model_name as string,
      model_version: r.model_version as string,
    };
    for (const key of numeric) row[key] = Number(r[key]);
    return row;
  });
  datasets.set("model_metrics", {
    key: "model_metrics",
    dims: ["model_name", "model_version"],
    numeric,
    cents: new Set(),
    rows: metricRows,
    values: distinctValues(metricRows, ["model_name", "model_version"]),
  });
}, 120_000);

// ---------------------------------------------------------------------------------------
// Random definitions

const FNS = ["count", "count_distinct", "sum", "avg", "min", "max", "p50", "p95"] as const;

function definitionArb(ds: Dataset): fc.Arbitrary<{ definition: ReportDefinitionInput; timezone: string }> {
  const groupable = ds.key === "usage_events" ? ["event_type", "plan", "country"] : ["model_name", "model_version"];
  const measure = fc.constantFrom(...FNS).chain((fn): fc.Arbitrary<ReportMeasure> => {
    if (fn === "count") return fc.constant({ fn });
    if (fn === "count_distinct") return fc.constantFrom(...ds.dims).map((field) => ({ fn, field }));
    return fc.constantFrom(...ds.numeric).map((field) => ({ fn, field }));
  });
  const measures = fc
    .array(measure, { minLength: 1, maxLength: 5 })
    .map((ms) => [...new Map(ms.map((m) => [measureKey(m), m])).values()]);
  const stringFilter = fc.constantFrom(...groupable).chain((field) => {
    const values = ds.values.get(field)!;
    return fc.oneof(
      fc.constantFrom(...values).map((value) => ({ field, op: "eq" as const, value })),
      fc.constantFrom(...values).map((value) => ({ field, op: "neq" as const, value })),
      fc.subarray(values, { minLength: 1, maxLength: 3 }).map((value) => ({ field, op: "in" as const, value })),
      fc.subarray(values, { minLength: 1, maxLength: 2 }).map((value) => ({ field, op: "not_in" as const, value })),
      fc
        .constantFrom(...values)
        .map((value) => ({ field, op: "contains" as const, value: value.slice(1, 3).toUpperCase() })),
    );
  });
  const numericFilter = fc.constantFrom(...ds.numeric).chain((field) => {
    const sorted = ds.rows.map((r) => Number(r[field])).sort((a, b) => a - b);
    const pick = fc.integer({ min: 0, max: sorted.length - 1 }).map((i) => {
      const v = sorted[i];
      return ds.cents.has(field) ? v / 100 : v;
    });
    return fc
      .tuple(fc.constantFrom("gt" as const, "gte" as const, "lt" as const, "lte" as const), pick)
      .map(([op, value]) => ({ field, op, value }));
  });
  const spanStart = TEST_NOW - SPAN_DAYS * DAY;
  const range = fc.tuple(fc.integer({ min: 0, max: SPAN_DAYS - 1 }), fc.integer({ min: 1, max: 30 }));
  return fc
    .record({
      measures,
      groupBy: fc.subarray(groupable, { maxLength: 2 }),
      timeBucket: fc.constantFrom(null, "hour", "day", "week", "month"),
      filters: fc.array(fc.oneof(stringFilter, numericFilter), { maxLength: 2 }),
      range,
      timezone: fc.constantFrom(...ZONES),
      limit: fc.oneof(fc.constant(10_000), fc.integer({ min: 1, max: 60 })),
      topN: fc.boolean(),
    })
    .map((r) => {
      // Hourly buckets over a few days at most: the point is the DST days, not volume.
      const days = r.timeBucket === "hour" ? Math.min(r.range[1], 4) : r.range[1];
      const from = new Date(spanStart + r.range[0] * DAY).toISOString().slice(0, 10);
      const to = new Date(spanStart + Math.min(SPAN_DAYS, r.range[0] + days) * DAY).toISOString().slice(0, 10);
      const first = measureKey(r.measures[0]);
      const definition: ReportDefinitionInput = {
        dataset: ds.key,
        measures: r.measures,
        groupBy: r.groupBy,
        timeBucket: r.timeBucket,
        filters: r.filters,
        timeRange: { type: "absolute", from, to },
        limit: r.limit,
        sort: r.topN ? [{ key: first, dir: "desc" }] : [],
      };
      return { definition, timezone: r.timezone };
    });
}

// ---------------------------------------------------------------------------------------
// The independent evaluation: plain JavaScript over the raw rows

function matches(row: Raw, filter: { field: string; op: string; value?: unknown }, ds: Dataset): boolean {
  const raw = row[filter.field];
  const scale = ds.cents.has(filter.field) ? 100 : 1;
  const v = typeof raw === "number" ? raw / scale : raw;
  const value = filter.value as string | number | string[];
  switch (filter.op) {
    case "eq":
      return v === value;
    case "neq":
      return v !== value;
    case "in":
      return (value as string[]).includes(v as string);
    case "not_in":
      return !(value as string[]).includes(v as string);
    case "contains":
      return String(v).toLowerCase().includes(String(value).toLowerCase());
    case "gt":
      return (v as number) > (value as number);
    case "gte":
      return (v as number) >= (value as number);
    case "lt":
      return (v as number) < (value as number);
    case "lte":
      return (v as number) <= (value as number);
  }
  throw new Error(`filter ${filter.op} not drawn`);
}

/** Interpolated percentile, as percentile_cont: written here from its definition. */
function percentile(sorted: number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const fraction = position - below;
  return fraction === 0 ? sorted[below] : sorted[below] * (1 - fraction) + sorted[below + 1] * fraction;
}

function evaluate(ds: Dataset, report: CheckedReport): { rows: number; values: Map<string, number | null> } {
  const { from, to, timezone } = report.range;
  const selected = ds.rows.filter((r) => {
    const day = referenceLocalDate(timezone, r.at);
    return day >= from && day <= to && report.definition.filters.every((f) => matches(r, f, ds));
  });
  const values = new Map<string, number | null>();
  for (const m of report.definition.measures) {
    const key = measureKey(m);
    if (m.fn === "count") {
      values.set(key, selected.length);
      continue;
    }
    const field = m.field!;
    if (m.fn === "count_distinct") {
      values.set(key, new Set(selected.map((r) => r[field]).filter((v) => v !== null)).size);
      continue;
    }
    const nums = selected.map((r) => r[field]).filter((v): v is number => typeof v === "number");
    const scale = ds.cents.has(field) ? 100 : 1;
    if (nums.length === 0) {
      values.set(key, null);
      continue;
    }
    const sorted = [...nums].sort((a, b) => a - b);
    const sum = nums.reduce((a, b) => a + b, 0);
    const value = {
      sum,
      avg: sum / nums.length,
      min: sorted[0],
      max: sorted[sorted.length - 1],
      p50: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
    }[m.fn];
    values.set(key, value / scale);
  }
  // Output rows: distinct combinations of the grouping (and bucket), counted as the report would.
  return { rows: groups(report, selected), values };
}

function localParts(timezone: string, ms: number) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { date: `${get("year")}-${get("month")}-${get("day")}`, hour: get("hour") };
}

function bucketOf(bucket: string | null, timezone: string, ms: number): string {
  if (!bucket) return "";
  const { date, hour } = localParts(timezone, ms);
  if (bucket === "hour") return `${date} ${hour}`;
  if (bucket === "day") return date;
  if (bucket === "month") return date.slice(0, 7);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function groups(report: CheckedReport, selected: Raw[]): number {
  const { groupBy, timeBucket } = report.definition;
  if (groupBy.length === 0 && !timeBucket) return 1;
  const keys = new Set(
    selected.map((r) =>
      [bucketOf(timeBucket, report.range.timezone, r.at), ...groupBy.map((g) => r[g])].join("\u0000"),
    ),
  );
  return keys.size;
}

function close(actual: unknown, expected: number | null, what: string) {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(typeof actual, what).toBe("number");
  const tolerance = 1e-9 * Math.max(1, Math.abs(expected));
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

/** The figure as a text surface shows it: the export's own number formatting, applied to the independent value. */
function shown(value: number | null, column: OutputColumn): string {
  return value === null ? "\u2014" : formatNumberCell(value, column);
}

// ---------------------------------------------------------------------------------------
// The surfaces

async function download(report: CheckedReport, format: ExportFormat): Promise<Buffer> {
  const prepared = await prepareExport(
    connection(),
    workspaceId,
    { ...branding, timezone: report.range.timezone },
    report,
    { name: "Property report", description: "Drawn at random." },
    { format },
  );
  return Buffer.from(await new Response(prepared.body).arrayBuffer());
}

async function xlsxBook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

function xlsxTotals(book: ExcelJS.Workbook): [string, unknown, string][] {
  const sheet = book.getWorksheet("Summary")!;
  const out: [string, unknown, string][] = [];
  let inside = false;
  sheet.eachRow((row) => {
    const a = row.getCell(1).value;
    if (a === "Totals") inside = true;
    else if (inside) out.push([String(a), row.getCell(2).value, String(row.getCell(3).value)]);
  });
  return out;
}

function xlsxRows(book: ExcelJS.Workbook): unknown[][] {
  const rows: unknown[][] = [];
  book.worksheets
    .filter((s) => s.name.startsWith("Data"))
    .forEach((sheet) =>
      sheet.eachRow((row, n) => {
        if (n > 1) rows.push((row.values as unknown[]).slice(1));
      }),
    );
  return rows;
}

/** One JSON cell as the other formats hold it: CSV as text, XLSX as the same number (durations in ms there too). */
function sameCell(json: unknown, column: OutputColumn, csv: string, xlsx: unknown, what: string) {
  expect(csv, what).toBe(json === null ? "" : String(json));
  if (json === null) return;
  if (typeof json === "number") {
    close(xlsx, json, `${what} (xlsx)`);
  } else if (column.kind !== "bucket") {
    expect(String(xlsx), what).toBe(json);
  }
}

async function check(ds: Dataset, input: { definition: ReportDefinitionInput; timezone: string }, index: number) {
  const report = checkDefinition(input.definition, { timezone: input.timezone });
  const expected = evaluate(ds, report);
  const measures = report.definition.measures.map((m) => report.columns.find((c) => c.key === measureKey(m))!);
  const what = (key: string) => `${key} of ${JSON.stringify(input)}`;

  // JSON header: the engine's totals, and the rows before the limit.
  const json = readJsonDocument(await download(report, "json")) as ReturnType<typeof readJsonDocument> & {
    totals: { rows: number; measures: { key: string; kind: string; value: number | null }[] };
  };
  expect(json.totals.rows, what("rows")).toBe(expected.rows);
  for (const column of measures) {
    close(
      json.totals.measures.find((m) => m.key === column.key)?.value,
      expected.values.get(column.key)!,
      what(column.key),
    );
  }

  // XLSX summary, read back with exceljs: one line per measure, in the columns' own units.
  const book = await xlsxBook(await download(report, "xlsx"));
  const summary = xlsxTotals(book);
  expect(summary.length, what("xlsx totals")).toBe(measures.length);
  report.definition.measures.forEach((m, i) => {
    const column = measures[i];
    const value = expected.values.get(column.key)!;
    close(summary[i][1], value, what(`${column.key} (xlsx)`));
    expect(summary[i][2]).toBe(TOTAL_KIND_TEXT[m.fn]);
  });

  // Every format's rows: JSON, NDJSON, CSV and XLSX hold the same cells.
  const ndjson = readNdjson(await download(report, "ndjson"));
  const csv = readCsv(await download(report, "csv")).slice(1);
  const data = xlsxRows(book);
  expect(ndjson).toEqual(json.rows);
  expect(csv.length).toBe(json.rows.length);
  expect(data.length).toBe(json.rows.length);
  expect(json.rows.length).toBe(Math.min(expected.rows, report.definition.limit));
  json.rows.forEach((row, r) =>
    report.columns.forEach((column, c) =>
      sameCell(row[column.key], column, csv[r][c], data[r][c], what(`row ${r} ${column.key}`)),
    ),
  );

  // The e-mail's figures, for every definition: the independent value, formatted as the e-mail formats it.
  const tiles = measures.slice(0, 4);
  const { kpis } = await headline(connection(), report, workspaceId);
  const email = await renderEmail(
    createElement(ReportEmail, {
      workspace: { name: "Totals", brandColor: "#2563eb" },
      scheduleName: "Property",
      reportName: "Property report",
      period: "",
      kpis,
      rowCount: expected.rows,
      attachments: [],
      links: [],
      manageUrl: "http://localhost/schedules",
      late: false,
    }),
  );
  tiles.forEach((column, i) => {
    const value = shown(expected.values.get(column.key)!, column);
    expect(kpis[i].value, what(`${column.key} (e-mail)`)).toBe(value);
    expect(email.text).toContain(value);
  });

  if (index % RENDER_EVERY !== 0) return;
  // PDF tiles (pdftotext): the independent value, formatted as the file formats it.
  const text = readPdfText(await download(report, "pdf"));
  const read = pdfTiles(
    text,
    tiles.map((c) => c.label),
  );
  expect(read, what("pdf tiles")).not.toBeNull();
  tiles.forEach((column, i) => {
    expect(read![i].value, what(`${column.key} (pdf)`)).toBe(shown(expected.values.get(column.key)!, column));
  });
}

describe("headline figures on every surface", () => {
  it(`equal an independent evaluation of the raw rows for ${RUNS} random definitions, and every format holds the same rows`, async () => {
    let index = 0;
    // The arbitrary names its dataset, so a counterexample prints the definition, not the data.
    const arb = fc
      .constantFrom("usage_events", "model_metrics")
      .chain((key) => definitionArb(datasets.get(key)!).map((d) => ({ key, d })));
    await fc.assert(
      fc.asyncProperty(arb, async ({ key, d }) => {
        await check(datasets.get(key)!, d, index++);
      }),
      { numRuns: RUNS, seed: 20261130, endOnFailure: true },
    );
    expect(index).toBeGreaterThanOrEqual(RUNS);
  }, 180_000);
});
