import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as previewRoute } from "@/app/api/reports/preview/route";
import { POST as createReportRoute } from "@/app/api/reports/route";
import { GET as exportRoute } from "@/app/api/reports/[id]/export/route";
import { POST as schedulesRoute } from "@/app/api/schedules/route";
import { POST as schedulePreviewRoute } from "@/app/api/schedules/preview/route";
import { POST as eventsRoute } from "@/app/api/v1/events/route";
import { db } from "../db";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import { NextRequest } from "next/server";

/**
 * Random and adversarial input thrown at the API through its real route handlers: the
 * answer is never a 500, an error never shows SQL or a stack, and no query reaches
 * another workspace's rows. At least 1,000 cases per endpoint family.
 */
const RUNS = Number(process.env.CHARTROOM_PROPERTY_RUNS ?? 1000);
// SQL text, driver names and stack frames: what an error must never show.
const LEAKY =
  /\bselect\b[\s\S]*\bfrom\b|\binsert into\b|sqlite|syntax error at|relation "|prisma|\n\s+at |node_modules/i;

let key: string;
let workspaceId: string;
let reportId: string;

beforeAll(async () => {
  process.env.CHARTROOM_RATE_EXPORTS_PER_USER = "1000000";
  process.env.CHARTROOM_RATE_EXPORTS_PER_WORKSPACE = "1000000";
  // A workspace with no data of its own: any row a query returns would be someone else's.
  const scratch = await scratchWorkspace({ roles: ROLES });
  workspaceId = scratch.workspace.id;
  key = (await testApiKey(workspaceId, scratch.people.owner.email, "admin")).secret;
  const created = await callRoute(createReportRoute, {
    key,
    body: { name: "Base", definition: { dataset: "usage_events", columns: ["occurred_at", "user_id"] } },
  });
  reportId = (created.body as { report: { id: string } }).report.id;
});

function assertClean(status: number, body: unknown, allowed: number[]) {
  expect(allowed, JSON.stringify(body)).toContain(status);
  if (status >= 400) {
    const error = (body as { error?: { code?: string; message?: string } }).error;
    expect(error?.code).toBeTypeOf("string");
    expect(error?.message ?? "").not.toMatch(LEAKY);
  }
}

const FIELDS = [
  "occurred_at",
  "user_id",
  "device_id",
  "event_type",
  "plan",
  "country",
  "duration_ms",
  "revenue",
  "model_name",
  "accuracy",
  "severity",
  "title",
  "actor",
  "ip",
  "id",
  "workspace_id",
  "password_hash",
  "1; DROP TABLE users",
  '"x"',
  "a'b",
  "",
];
const DATASETS = [
  "usage_events",
  "model_metrics",
  "alerts",
  "audit_events",
  "export_jobs",
  "users",
  "usage_events; --",
  "",
];
const OPS = [
  "eq",
  "neq",
  "in",
  "not_in",
  "contains",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "is_empty",
  "is_not_empty",
  "like",
  "",
];
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "' OR 1=1 --",
    '"; DROP TABLE usage_events; --',
    "%",
    "_",
    "\\",
    "\u0000",
    "💥",
    "=1+1",
    "${workspace_id}",
    "2026-13-45",
    "NaN",
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const filter = fc.record(
  {
    field: fc.constantFrom(...FIELDS),
    op: fc.constantFrom(...OPS),
    value: fc.oneof(nasty, fc.array(nasty, { maxLength: 4 })),
  },
  { requiredKeys: ["field", "op"] },
);
const USAGE_TEXT = ["user_id", "device_id", "event_type", "plan", "country"];
/** Definitions the catalog accepts, with hostile values where values go. */
const plausible = fc.oneof(
  fc.record({
    dataset: fc.constant("usage_events"),
    columns: fc.subarray(["occurred_at", ...USAGE_TEXT, "duration_ms", "revenue"], { minLength: 1 }),
    filters: fc.array(
      fc.oneof(
        fc.record({
          field: fc.constantFrom(...USAGE_TEXT),
          op: fc.constantFrom("eq", "neq", "contains"),
          value: fc.oneof(fc.string(), fc.constantFrom("' OR 1=1 --", "%", "_", "\\", "x'); DROP TABLE users; --")),
        }),
        fc.record({
          field: fc.constantFrom(...USAGE_TEXT),
          op: fc.constantFrom("in", "not_in"),
          value: fc.array(fc.string(), { minLength: 1, maxLength: 5 }),
        }),
        fc.record({
          field: fc.constantFrom("duration_ms", "revenue"),
          op: fc.constantFrom("gt", "lt", "gte", "lte"),
          value: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
        }),
        fc.record({ field: fc.constantFrom(...USAGE_TEXT), op: fc.constantFrom("is_empty", "is_not_empty") }),
      ),
      { maxLength: 3 },
    ),
    timeRange: fc.constantFrom(
      { type: "relative", preset: "last_90_days" },
      { type: "absolute", from: "2000-01-01", to: "2030-12-31" },
    ),
    limit: fc.integer({ min: 1, max: 100 }),
  }),
  fc.record({
    dataset: fc.constantFrom("usage_events", "model_metrics", "alerts"),
    measures: fc.constant([{ fn: "count" }]),
    timeBucket: fc.constantFrom("hour", "day", "week", "month"),
    timeRange: fc.constantFrom(
      { type: "relative", preset: "last_30_days" },
      { type: "absolute", from: "2000-01-01", to: "2030-12-31" },
    ),
  }),
);
const definition = fc.oneof(
  { arbitrary: plausible, weight: 3 },
  { arbitrary: fc.anything(), weight: 1 },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        dataset: fc.constantFrom(...DATASETS),
        columns: fc.array(fc.constantFrom(...FIELDS), { maxLength: 5 }),
        filters: fc.array(filter, { maxLength: 4 }),
        groupBy: fc.array(fc.constantFrom(...FIELDS), { maxLength: 3 }),
        timeBucket: fc.constantFrom("hour", "day", "week", "month", "year", ""),
        measures: fc.array(
          fc.record(
            {
              fn: fc.constantFrom("count", "count_distinct", "sum", "avg", "min", "max", "p50", "p95", "median"),
              field: fc.constantFrom(...FIELDS),
            },
            { requiredKeys: ["fn"] },
          ),
          { maxLength: 3 },
        ),
        timeRange: fc.oneof(
          fc.record({
            type: fc.constant("relative"),
            preset: fc.constantFrom("today", "last_7_days", "last_90_days", "this_quarter", "forever"),
          }),
          fc.record({
            type: fc.constant("absolute"),
            from: fc.oneof(fc.string(), fc.constant("1900-01-01")),
            to: fc.oneof(fc.string(), fc.constant("2999-12-31")),
          }),
        ),
        sort: fc.array(
          fc.record({ key: fc.constantFrom(...FIELDS, "count"), dir: fc.constantFrom("asc", "desc", "sideways") }),
          { maxLength: 2 },
        ),
        limit: fc.oneof(fc.integer(), fc.constant(1e12), fc.constant(-1)),
      },
      { requiredKeys: ["dataset"] },
    ),
  },
);

// A thousand cases through the real route handlers per property: minutes on a loaded
// 2-core machine, so the cap is per property, not the 30 s default.
describe("hostile input", { timeout: 180_000 }, () => {
  it("report previews: never a 500, never SQL in an error, never another workspace's rows", async () => {
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(definition, fc.integer({ min: -5, max: 5 }), async (def, page) => {
        const { status, body } = await callRoute(previewRoute, { key, body: { definition: def, page, pageSize: 20 } });
        assertClean(status, body, [200, 400, 422]);
        if (status === 200) {
          ran += 1;
          const result = body as { columns: { key: string; kind: string }[]; rows: Record<string, unknown>[] };
          const dataset = def && typeof def === "object" ? (def as { dataset?: string }).dataset : undefined;
          if (dataset === "usage_events" || dataset === "model_metrics" || dataset === "alerts") {
            for (const row of result.rows) {
              for (const column of result.columns) {
                const value = row[column.key];
                if (column.kind === "measure") expect(value === null || value === 0).toBe(true);
                else expect(value).toBeNull();
              }
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
    // Enough of the random definitions must be valid for the leak check to mean something.
    expect(ran).toBeGreaterThan(RUNS / 20);
  });

  it("schedules: random cron strings, timezones and recipient lists are a 400 or 422 naming the field, never a 500", async () => {
    const cron = fc.oneof(
      fc.string(),
      fc.constantFrom(
        "* * * * *",
        "0 9 * * 1",
        "61 * * * *",
        "0 0 31 2 *",
        "@daily",
        "0 9 L * *",
        "*/0 * * * *",
        "0 9 * * 8",
        "0 0 0 0 0 0",
      ),
    );
    const timezone = fc.oneof(
      fc.string(),
      fc.constantFrom("UTC", "America/New_York", "Europe/Berlin", "Mars/Base", "../../etc/passwd", "Etc/GMT+14"),
    );
    const recipients = fc.array(
      fc.oneof(
        fc.emailAddress(),
        fc.string(),
        fc.constantFrom("a@b", "x@example.com\r\nBcc: y@evil.example", "<script>@x.io"),
      ),
      { maxLength: 60 },
    );
    await fc.assert(
      fc.asyncProperty(cron, timezone, recipients, fc.boolean(), async (c, tz, to, create) => {
        if (!create) {
          const { status, body } = await callRoute(schedulePreviewRoute, { key, body: { cron: c, timezone: tz } });
          assertClean(status, body, [200, 400, 422]);
          if (status === 422)
            expect(["cron", "timezone"]).toContain((body as { error: { param: string } }).error.param);
          return;
        }
        const { status, body } = await callRoute(schedulesRoute, {
          key,
          body: { name: "Fuzz", reportId, cron: c, timezone: tz, formats: ["csv"], recipients: to },
        });
        assertClean(status, body, [201, 400, 422]);
        if (status === 201) {
          const schedule = (body as { schedule: { id: string; recipients: string[] } }).schedule;
          for (const address of schedule.recipients) expect(address).not.toMatch(/[\r\n<>]/);
          await db.schedule.delete({ where: { id: schedule.id } });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("file names from report names cannot carry path separators, quotes or header injection", async () => {
    const name = fc.oneof(
      fc.string({ minLength: 1, maxLength: 200 }),
      fc.constantFrom(
        "../../etc/passwd",
        'a"; filename=evil.exe',
        "x\r\nSet-Cookie: a=b",
        "C:\\Windows\\win.ini",
        "<script>alert(1)</script>",
        "..",
        "名前 📊",
        "\u202eexe.csv",
      ),
    );
    await fc.assert(
      fc.asyncProperty(name, async (reportName) => {
        const created = await callRoute(createReportRoute, {
          key,
          body: { name: reportName, definition: { dataset: "alerts", columns: ["triggered_at", "severity"] } },
        });
        assertClean(created.status, created.body, [201, 400, 422]);
        if (created.status !== 201) return;
        const id = (created.body as { report: { id: string } }).report.id;
        const req = new NextRequest(new URL(`/api/reports/${id}/export?format=csv`, "http://localhost"), {
          headers: { Authorization: `Bearer ${key}` },
        });
        const res = await exportRoute(req, { params: Promise.resolve({ id }) });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        const disposition = res.headers.get("content-disposition") ?? "";
        const plain = /filename="([^"]*)"/.exec(disposition)?.[1] ?? "";
        expect(disposition).not.toMatch(/[\r\n]/);
        // No separator or quote, so no ".." can climb out of a folder, and no parameter can be smuggled in.
        expect(plain).not.toMatch(/[/\\"]/);
        expect(plain).not.toMatch(/^\.+$/);
        expect(plain).toMatch(/\.csv$/);
        const encoded = decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(disposition)?.[1] ?? "");
        expect(encoded).not.toMatch(/[/\\\r\n"]/);
        await db.report.delete({ where: { id } });
      }),
      { numRuns: RUNS },
    );
  });

  it("ingestion: random batches store exactly the records they accept, never a 500", async () => {
    const record = fc.record(
      {
        id: fc.oneof(fc.string({ maxLength: 80 }), fc.uuid()),
        occurredAt: fc.oneof(
          fc
            .date({ min: new Date("2019-01-01"), max: new Date("2019-12-31"), noInvalidDate: true })
            .map((d) => d.toISOString()),
          fc.string(),
        ),
        userId: fc.string({ maxLength: 250 }),
        deviceId: fc.string({ maxLength: 30 }),
        eventType: fc.oneof(fc.constant("fuzz"), fc.string()),
        plan: fc.constantFrom("free", "pro", ""),
        country: fc.constantFrom("DE", "US", "xx", "DEU", ""),
        durationMs: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer(), fc.double()),
        revenue: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(Number.NaN), fc.string()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.array(record, { maxLength: 20 }), fc.anything()), async (records) => {
        const before = await db.usageEvent.count({ where: { workspaceId } });
        const { status, body } = await callRoute(eventsRoute, { key, body: { records } });
        assertClean(status, body, [200, 400, 413, 422]);
        const after = await db.usageEvent.count({ where: { workspaceId } });
        if (status === 200) expect(after - before).toBe((body as { accepted: number }).accepted);
        else expect(after).toBe(before);
      }),
      { numRuns: RUNS },
    );
    // What fuzzing stored is removed, so the leak check above stays meaningful.
    await db.usageEvent.deleteMany({ where: { workspaceId } });
  });
});
