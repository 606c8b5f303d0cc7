import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as apiKeysRoute } from "@/app/api/api-keys/route";
import { POST as createImportRoute } from "@/app/api/imports/route";
import { POST as previewReportRoute } from "@/app/api/reports/preview/route";
import { POST as createReportRoute } from "@/app/api/reports/route";
import { POST as validateReportRoute } from "@/app/api/reports/validate/route";
import { POST as schedulePreviewRoute } from "@/app/api/schedules/preview/route";
import { POST as schedulesRoute } from "@/app/api/schedules/route";
import { PATCH as settingsRoute } from "@/app/api/settings/route";
import { POST as invitesRoute } from "@/app/api/team/invites/route";
import { POST as eventsRoute } from "@/app/api/v1/events/route";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { csvColumnsFor } from "../exports/write";
import { csvStream } from "../exports/csv";
import { jsonStream, ndjsonStream } from "../exports/json";
import { xmlSafe } from "../exports/ooxml-text";
import type { ExportMeta } from "../exports/types";
import { writeXlsx } from "../exports/xlsx";
import { renderReportPdfBuffer } from "../../testing/pdf-buffer";
import type { ReportValue } from "../reports/engine";
import { usageEventRecord, type IngestResult } from "../ingest/schemas";
import { pdfText } from "../pdf/text-metrics";
import { unstorableProblem } from "../text/unstorable-characters";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import {
  csvTextCell,
  readCsv,
  readJsonDocument,
  readNdjson,
  readPdfText,
  readXlsx,
} from "../../testing/export-readers";
import { exportEverywhere } from "../../testing/export-roundtrip";
import {
  HOSTILE_STRING_CLASSES,
  HOSTILE_STRING_PIECES,
  hostileString,
  longHostileString,
} from "../../testing/hostile-strings";

/**
 * Hostile strings pushed through ingestion (the real route handler) and exported in every
 * format through the real export route, then read back by readers the export code did not
 * write. A value either round-trips — exactly in CSV (after the formula guard's quote),
 * JSON and NDJSON, in XLSX as written except XML-forbidden characters shown as U+FFFD —
 * or its record is refused at the door with an issue naming the field. Never a 500.
 *
 * The same strings, 10,000-character ones included, also go straight into the format
 * writers as any stored string would: report name, description, filters, notices, column
 * label and cells.
 *
 * A third property puts lone surrogates and NUL anywhere in the body of every other route
 * that reads JSON: a 400 naming the path.
 *
 * Time cap: 2 minutes per database in CI for the file (see TIME_CAP_MS; a property that
 * reaches its budget stops with fewer runs). A run through the routes is one
 * batch of up to 6 records and five exports (~0.3–0.5 s here, the PDF most of it);
 * CHARTROOM_HOSTILE_STRING_RUNS tunes the count.
 */
const RUNS = Number(process.env.CHARTROOM_HOSTILE_STRING_RUNS ?? 40);
/** Runs straight into the writers (no database): cheap, so more of them. */
const WRITER_RUNS = RUNS * 2;
/**
 * The whole file stays within 2 minutes per database: fast-check stops starting runs after
 * 45 s in each of the two export properties and 10 s in the JSON-body one.
 */
const TIME_CAP_MS = 120_000;
const PROPERTY_BUDGET_MS = 45_000;
const TEXT_FIELDS = ["userId", "eventType", "plan"] as const;
const COLUMNS = ["occurred_at", "user_id", "event_type", "plan"] as const;
const BASE = Date.UTC(2026, 2, 1, 12);

let key: string;
let runCount = 0;
let storedValues = 0;
let refusedRecords = 0;

beforeAll(async () => {
  process.env.CHARTROOM_RATE_EXPORTS_PER_USER = "1000000";
  process.env.CHARTROOM_RATE_EXPORTS_PER_WORKSPACE = "1000000";
  const scratch = await scratchWorkspace({ roles: ROLES });
  key = (await testApiKey(scratch.workspace.id, scratch.people.owner.email, "admin")).secret;
});

type Sent = Record<(typeof TEXT_FIELDS)[number], string>;
type Stored = Record<(typeof TEXT_FIELDS)[number], string>;

/** What the door should do with a record: the issue paths it is refused with, or the values it stores. */
function expectation(record: Record<string, unknown>): { refused: string[] } | { stored: Stored } {
  const broken = TEXT_FIELDS.filter((f) => unstorableProblem(record[f] as string));
  if (broken.length > 0) return { refused: broken };
  const parsed = usageEventRecord.safeParse(record);
  if (!parsed.success) return { refused: [...new Set(parsed.error.issues.map((i) => i.path.join(".")))] };
  return { stored: { userId: parsed.data.userId, eventType: parsed.data.eventType, plan: parsed.data.plan } };
}

// Mostly values that should be stored, so that most runs export something; some with
// lone surrogates or NUL and some of 10,000 characters, which the door must refuse.
const storable = HOSTILE_STRING_CLASSES.filter((c) => c !== "loneSurrogate");
const value = fc.oneof(
  { weight: 12, arbitrary: hostileString(storable) },
  { weight: 2, arbitrary: hostileString() },
  { weight: 1, arbitrary: longHostileString(10_000) },
);
const batch = fc.array(fc.record({ userId: value, eventType: value, plan: value }), { minLength: 1, maxLength: 6 });

describe("hostile strings through ingestion and every export format", () => {
  it(
    `round-trip or are refused at the door, within ${TIME_CAP_MS / 2000} s`,
    { timeout: TIME_CAP_MS / 2 },
    async () => {
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(batch, hostileString(), async (sent: Sent[], reportName: string) => {
          const tag = `hs-${process.pid}-${++runCount}-${Date.now()}`;
          const records = sent.map((s, i) => ({
            id: `${tag}-${i}`,
            occurredAt: new Date(BASE + i * 1000).toISOString(),
            deviceId: tag,
            country: "DE",
            durationMs: i,
            revenue: 0,
            ...s,
          }));
          const ingested = await callRoute(eventsRoute, { key, body: { records } });
          expect(ingested.status).toBe(200);
          const result = ingested.body as IngestResult;
          const expected = records.map(expectation);
          const stored: Stored[] = [];
          expected.forEach((e, index) => {
            const rejection = result.rejected.find((r) => r.index === index);
            if ("refused" in e) {
              expect(rejection, `record ${index} should be refused`).toBeDefined();
              expect(new Set(rejection!.issues.map((i) => i.path))).toEqual(new Set(e.refused));
            } else {
              expect(rejection, JSON.stringify(rejection)).toBeUndefined();
              stored.push(e.stored);
            }
          });
          expect(result.accepted).toBe(stored.length);
          storedValues += stored.length * TEXT_FIELDS.length;
          refusedRecords += records.length - stored.length;

          const definition = {
            dataset: "usage_events",
            columns: COLUMNS,
            filters: [{ field: "device_id", op: "eq", value: tag }],
            timeRange: { type: "absolute", from: "2026-03-01", to: "2026-03-02" },
            sort: [{ key: "occurred_at", dir: "asc" }],
          };
          let created = await callRoute(createReportRoute, { key, body: { name: reportName, definition } });
          if (created.status === 400)
            created = await callRoute(createReportRoute, { key, body: { name: tag, definition } });
          expect(created.status, JSON.stringify(created.body)).toBe(201);
          const reportId = (created.body as { report: { id: string } }).report.id;

          const files = await exportEverywhere(key, reportId, "event_type");
          const cells = stored.map((s) => [s.userId, s.eventType, s.plan]);
          expect(files.csv.slice(1).map((r) => r.slice(1))).toEqual(cells.map((row) => row.map(csvTextCell)));
          expect(files.json.rows.map((r) => [r.user_id, r.event_type, r.plan])).toEqual(cells);
          expect(files.ndjson.map((r) => [r.user_id, r.event_type, r.plan])).toEqual(cells);
          const data = files.xlsx.get("Data")!;
          expect(stored.map((_, i) => [data.get(`B${i + 2}`), data.get(`C${i + 2}`), data.get(`D${i + 2}`)])).toEqual(
            cells.map((row) => row.map(xmlSafe)),
          );
          const name = (created.body as { report: { name: string } }).report.name;
          expect([...files.xlsx.get("Summary")!.values()]).toContain(xmlSafe(name));
          const text = files.pdfText;
          // Cells are cut to their column's width, so only short single-word Latin-1 values can be looked for whole.
          for (const s of stored) {
            for (const v of [s.eventType, s.plan]) {
              const shown = pdfText(v);
              if (shown === v && v.length <= 8 && /^[\x21-\x7E\u00A1-\u00AC\u00AE-\u00FF]+$/.test(v))
                expect(text).toContain(v);
            }
          }
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: PROPERTY_BUDGET_MS, markInterruptAsFailure: false },
      );
      expect(Date.now() - started).toBeLessThan(TIME_CAP_MS / 2);
      // The property is not vacuous: values went all the way through, and some were refused.
      expect(storedValues).toBeGreaterThanOrEqual(Math.min(RUNS, runCount));
      expect(refusedRecords).toBeGreaterThan(0);
    },
  );
});

const dir = mkdtempSync(join(tmpdir(), "chartroom-hostile-strings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A string the database could hold: the door refuses the rest. */
const storedString = fc
  .oneof({ weight: 6, arbitrary: hostileString() }, { weight: 1, arbitrary: longHostileString(10_000) })
  .filter((s) => unstorableProblem(s) === null);

function writerMeta(text: string): ExportMeta {
  return {
    reportName: text,
    description: text,
    workspace: { name: text, slug: "w", timezone: "UTC", locale: "en-US", brandColor: "#0f766e", logoUrl: null },
    range: { from: "2026-03-01", to: "2026-03-02", timezone: "UTC" },
    filters: [text],
    generatedAt: new Date(BASE),
    columns: [{ key: "text", label: text, type: "string", format: "text", sensitive: false, kind: "field" }],
    chart: { type: "none" },
    limit: 10_000,
    totalRows: null,
    notices: [{ code: "limit_clamped", message: text }],
  };
}

async function* batchesOf(rows: ReportValue[][]): AsyncGenerator<ReportValue[][]> {
  yield rows;
}

const bytesOf = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

describe("hostile strings straight into every format writer", () => {
  it(
    `keep every string in CSV, JSON, NDJSON and XLSX, and render a PDF, within ${TIME_CAP_MS / 2000} s`,
    { timeout: TIME_CAP_MS / 2 },
    async () => {
      let file = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(storedString, { minLength: 1, maxLength: 5 }), storedString, async (values, text) => {
          const meta = writerMeta(text);
          const rows = values.map((v) => [v]);

          const csv = readCsv(await bytesOf(csvStream(csvColumnsFor(meta), batchesOf(rows))));
          expect(csv).toEqual([[csvTextCell(text)], ...values.map((v) => [csvTextCell(v)])]);

          const json = readJsonDocument(await bytesOf(jsonStream(meta, batchesOf(rows))));
          expect(json.rows.map((r) => r.text)).toEqual(values);
          expect(json).toMatchObject({
            report: { name: text, description: text },
            filters: [text],
            notices: [{ message: text }],
          });
          expect((json.columns as { label: string }[])[0].label).toBe(text);

          const ndjson = readNdjson(await bytesOf(ndjsonStream(meta, batchesOf(rows))));
          expect(ndjson.filter((line) => "text" in line).map((line) => line.text)).toEqual(values);

          const path = join(dir, `writers-${++file}.xlsx`);
          const sink = createWriteStream(path);
          await writeXlsx(meta, batchesOf(rows), sink);
          await finished(sink);
          const sheets = readXlsx(readFileSync(path));
          const data = sheets.get("Data")!;
          expect(data.get("A1")).toBe(xmlSafe(text));
          values.forEach((v, i) => expect(data.get(`A${i + 2}`)).toBe(xmlSafe(v)));
          const summary = [...sheets.get("Summary")!.values()];
          // Name, description, workspace, filter and notice.
          if (text) expect(summary.filter((t) => t === xmlSafe(text)).length).toBeGreaterThanOrEqual(5);

          const pdf = await renderReportPdfBuffer(
            meta,
            values.map((v) => ({ text: v })),
            { template: "detailed" },
          );
          expect(readPdfText(pdf)).toContain("Page 1 of");
        }),
        { numRuns: WRITER_RUNS, interruptAfterTimeLimit: PROPERTY_BUDGET_MS, markInterruptAsFailure: false },
      );
    },
  );
});

type JsonRoute = (req: never, ctx: never) => Promise<Response>;
const definitionBody = {
  dataset: "usage_events",
  columns: ["event_type", "plan"],
  filters: [{ field: "plan", op: "in", value: ["pro", "free"] }],
};
/** A route that reads a JSON body, and a body it would accept. */
const JSON_ROUTES: { name: string; route: JsonRoute; method?: string; body: Record<string, unknown> }[] = [
  {
    name: "create report",
    route: createReportRoute as JsonRoute,
    body: { name: "R", description: "D", definition: definitionBody },
  },
  {
    name: "preview report",
    route: previewReportRoute as JsonRoute,
    body: { definition: definitionBody, page: 1, pageSize: 10 },
  },
  { name: "validate report", route: validateReportRoute as JsonRoute, body: { definition: definitionBody } },
  {
    name: "create schedule",
    route: schedulesRoute as JsonRoute,
    body: {
      name: "S",
      reportId: "x",
      cron: "0 9 * * 1",
      timezone: "UTC",
      formats: ["csv"],
      recipients: ["a@example.com"],
    },
  },
  {
    name: "preview schedule",
    route: schedulePreviewRoute as JsonRoute,
    body: { cron: "0 9 * * 1", timezone: "UTC", count: 2 },
  },
  {
    name: "settings",
    route: settingsRoute as JsonRoute,
    method: "PATCH",
    body: { name: "W", allowedEmailDomains: ["example.com"] },
  },
  { name: "invite", route: invitesRoute as JsonRoute, body: { email: "new@example.com", role: "member" } },
  { name: "API key", route: apiKeysRoute as JsonRoute, body: { name: "K", role: "viewer" } },
  {
    name: "CSV import",
    route: createImportRoute as JsonRoute,
    body: { dataset: "usage_events", fileName: "a.csv", mapping: { a: "plan" } },
  },
];

/** Dotted paths of every string leaf and object of a JSON value. */
function places(value: unknown, path: string[] = []): string[][] {
  if (typeof value === "string") return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => places(v, [...path, String(i)]));
  if (value && typeof value === "object")
    return [path, ...Object.entries(value).flatMap(([k, v]) => places(v, [...path, k]))];
  return [];
}

/** The body with `bad` placed at `path`: inside the string there, or as a new key of the object there. */
function inject(body: unknown, path: string[], bad: string): { body: unknown; param: string } {
  const copy = structuredClone(body) as Record<string, unknown>;
  let parent: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  const target = last === undefined ? copy : parent[last];
  if (typeof target === "string") {
    parent[last] = `${target}${bad}`;
    return { body: copy, param: path.join(".") };
  }
  const key = `extra${bad}`;
  (target as Record<string, unknown>)[key] = "x";
  return { body: copy, param: [...path, key].join(".") };
}

describe("unstorable strings in every JSON body", () => {
  it("are a 400 naming their path on every route that reads JSON, never a 500", { timeout: 20_000 }, async () => {
    const bad = fc.oneof(HOSTILE_STRING_PIECES.loneSurrogate, fc.constant("\u0000"));
    const cases = fc
      .constantFrom(...JSON_ROUTES)
      .chain((r) => fc.record({ r: fc.constant(r), place: fc.constantFrom(...places(r.body)), bad }));
    await fc.assert(
      fc.asyncProperty(cases, async ({ r, place, bad: text }) => {
        const { body, param } = inject(r.body, place, text);
        const res = await callRoute(r.route as never, { key, method: r.method, body });
        expect(res.status, `${r.name}: ${JSON.stringify(res.body)}`).toBe(400);
        expect(res.body).toMatchObject({ error: { code: "invalid_parameter", param } });
      }),
      { numRuns: RUNS * 5, interruptAfterTimeLimit: 10_000, markInterruptAsFailure: false },
    );
  });
});
