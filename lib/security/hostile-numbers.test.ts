import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as createReportRoute } from "@/app/api/reports/route";
import { POST as alertsRoute } from "@/app/api/v1/alerts/route";
import { POST as eventsRoute } from "@/app/api/v1/events/route";
import { POST as metricsRoute } from "@/app/api/v1/model-metrics/route";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import {
  centsText,
  DAY,
  decimalsOk,
  dollars,
  END_MS,
  expectedCents,
  expectedMs,
  exportBatch,
  instant,
  MAX_CENTS,
  usageBatch,
  extremeNumber,
} from "../../testing/hostile-numbers";
import { downloadReport, readAllFormats } from "../../testing/read-exports";

/**
 * Extreme, negative and over-precise numbers and calendar-edge dates pushed through the
 * real ingestion routes and out through every export format, read back by papaparse,
 * JSON.parse, exceljs and pdftotext. A value either round-trips exactly or is refused at
 * the door with a per-record error naming its field; every format shows the same value
 * for every aggregate; nothing answers 500.
 *
 * The expected outcome of each value is worked out from its decimal text and with BigInt
 * (testing/hostile-numbers.ts), not with the application's own checks. Time cap: under 2 minutes per database
 * on the CI machine (2 cores), with DOOR_RUNS batches through the door and EXPORT_RUNS
 * batches exported in every format (CHARTROOM_PROPERTY_SCALE scales both).
 */
const SCALE = Number(process.env.CHARTROOM_PROPERTY_SCALE ?? 1);
const DOOR_RUNS = Math.max(1, Math.round(500 * SCALE));
const EXPORT_RUNS = Math.max(1, Math.round(80 * SCALE));
const TIME_CAP_MS = 120_000;

let key: string;

beforeAll(async () => {
  process.env.CHARTROOM_RATE_EXPORTS_PER_USER = "1000000";
  process.env.CHARTROOM_RATE_EXPORTS_PER_WORKSPACE = "1000000";
  const scratch = await scratchWorkspace({ roles: ROLES });
  key = (await testApiKey(scratch.workspace.id, scratch.people.owner.email, "admin")).secret;
});

interface Outcome {
  rejected: { index: number; issues: { path: string; message: string }[] }[];
  accepted: number;
}

function expectRefusals(res: { status: number; body: unknown }, expected: string[][]) {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const body = res.body as Outcome;
  const got = new Map(body.rejected.map((r) => [r.index, [...new Set(r.issues.map((i) => i.path))].sort()]));
  expected.forEach((fields, index) => expect(got.get(index) ?? [], `record ${index}`).toEqual([...fields].sort()));
  expect(body.accepted).toBe(expected.filter((f) => f.length === 0).length);
}

let runCounter = 0;
const tag = () => `hn${Date.now().toString(36)}${(runCounter += 1)}`;

let exported = 0;

async function sendUsage(run: string, batch: { revenue: unknown; durationMs: unknown; occurredAt: unknown }[]) {
  const records = batch.map((r, i) => ({
    id: `${run}-${i}`,
    userId: "u",
    deviceId: "d",
    eventType: run,
    plan: `${run}-${i}`,
    country: "DE",
    ...r,
  }));
  const res = await callRoute(eventsRoute, { key, body: { records } });
  const expected = batch.map((r) => {
    const bad: string[] = [];
    if (expectedCents(r.revenue) === null) bad.push("revenue");
    if (!(Number.isInteger(r.durationMs) && (r.durationMs as number) >= 0 && (r.durationMs as number) <= 2 ** 31 - 1))
      bad.push("durationMs");
    if (expectedMs(r.occurredAt) === null) bad.push("occurredAt");
    return bad;
  });
  expectRefusals(res, expected);
  // + 0 turns −0 into 0: stored numbers have no sign of zero.
  return batch.flatMap((r, i) =>
    expected[i].length === 0
      ? [
          {
            user: `${run}-${i}`,
            cents: expectedCents(r.revenue)!,
            duration: (r.durationMs as number) + 0,
            ms: expectedMs(r.occurredAt)! + 0,
          },
        ]
      : [],
  );
}

const started = Date.now();

describe("hostile numbers and dates, door to file", () => {
  it(
    "usage events, model metrics and alerts: each record is stored or refused naming exactly its bad fields",
    async () => {
      const metric = fc.record({
        recordedAt: instant,
        accuracy: extremeNumber,
        latencyMs: extremeNumber,
        driftScore: extremeNumber,
        predictionCount: extremeNumber,
      });
      await fc.assert(
        fc.asyncProperty(
          usageBatch,
          fc.array(metric, { minLength: 1, maxLength: 4 }),
          fc.array(fc.tuple(instant, instant), { minLength: 1, maxLength: 4 }),
          async (usage, metrics, alerts) => {
            const run = tag();
            await sendUsage(run, usage);

            const m = await callRoute(metricsRoute, {
              key,
              body: {
                records: metrics.map((r) => ({
                  modelName: run,
                  modelVersion: "v",
                  precision: 0.5,
                  recall: 0.5,
                  f1: 0.5,
                  ...r,
                })),
              },
            });
            expectRefusals(
              m,
              metrics.map((r) => {
                const bad: string[] = [];
                if (expectedMs(r.recordedAt) === null) bad.push("recordedAt");
                if (!decimalsOk(r.accuracy, 0, 1, 6)) bad.push("accuracy");
                if (!decimalsOk(r.latencyMs, 0, 86_400_000, 3)) bad.push("latencyMs");
                if (!decimalsOk(r.driftScore, 0, 1_000_000, 6)) bad.push("driftScore");
                if (!decimalsOk(r.predictionCount, 0, 2 ** 31 - 1, 0)) bad.push("predictionCount");
                return bad;
              }),
            );

            const a = await callRoute(alertsRoute, {
              key,
              body: {
                records: alerts.map(([t, r]) => ({
                  triggeredAt: t,
                  resolvedAt: r,
                  severity: "info",
                  source: run,
                  title: "t",
                })),
              },
            });
            expectRefusals(
              a,
              alerts.map(([t, r]) => [
                ...(expectedMs(t) === null ? ["triggeredAt"] : []),
                ...(expectedMs(r) === null ? ["resolvedAt"] : []),
              ]),
            );
          },
        ),
        { numRuns: DOOR_RUNS },
      );
    },
    TIME_CAP_MS,
  );

  it(
    "accepted values round-trip exactly in every format, and every format shows the same aggregates",
    async () => {
      await fc.assert(
        fc.asyncProperty(exportBatch, async (batch) => {
          const run = tag();
          const all = await sendUsage(run, batch);
          if (all.length === 0) return;
          exported += 1;
          // A report spans at most 3,660 days: the rows from the earliest one's window.
          const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
          const first = Math.min(...all.map((s) => s.ms));
          const stored = all.filter((s) => day(s.ms) <= day(Math.min(first + 3659 * DAY, END_MS - 1)));
          const dates = stored.map((s) => day(s.ms)).sort();
          const timeRange = { type: "absolute", from: dates[0], to: dates[dates.length - 1] };
          const filters = [{ field: "event_type", op: "eq", value: run }];
          const save = async (definition: Record<string, unknown>) => {
            const res = await callRoute(createReportRoute, {
              key,
              body: { name: run, definition: { dataset: "usage_events", timeRange, filters, ...definition } },
            });
            expect(res.status, JSON.stringify(res.body)).toBe(201);
            return (res.body as { report: { id: string } }).report.id;
          };

          // Every row, every value as stored (the plan names the record: user ids leave pseudonymised).
          const rowsId = await save({
            columns: ["plan", "occurred_at", "revenue", "duration_ms"],
            sort: [{ key: "plan" }],
          });
          const files = await readAllFormats(key, rowsId);
          const want = [...stored].sort((x, y) => (x.user < y.user ? -1 : 1));
          expect(files.csv.map((r) => [r.Plan, Date.parse(r.Time), r["Revenue (USD)"], r["Duration (ms)"]])).toEqual(
            want.map((s) => [s.user, s.ms, centsText(s.cents), String(s.duration)]),
          );
          for (const rows of [files.json.rows, files.ndjson]) {
            expect(
              rows.map((r) => [r.plan, Date.parse(r.occurred_at as string), String(r.revenue), r.duration_ms]),
            ).toEqual(want.map((s) => [s.user, s.ms, centsText(s.cents), s.duration]));
          }
          const data = files.xlsx.getWorksheet("Data")!;
          want.forEach((s, i) => {
            const row = data.getRow(i + 2);
            expect(row.getCell(1).value).toBe(s.user);
            expect((row.getCell(2).value as Date).getTime()).toBe(s.ms);
            expect(String(row.getCell(3).value)).toBe(centsText(s.cents));
            expect(row.getCell(4).value).toBe(s.duration);
          });

          // One row of aggregates: the same in every format, or refused when a sum could leave its range.
          const sumId = await save({
            groupBy: ["event_type"],
            measures: [
              { fn: "count" },
              { fn: "sum", field: "revenue" },
              { fn: "sum", field: "duration_ms" },
              { fn: "max", field: "revenue" },
            ],
          });
          const absolute = stored.reduce((n, s) => n + (s.cents < 0n ? -s.cents : s.cents), 0n);
          if (absolute > MAX_CENTS) {
            for (const format of ["csv", "json", "xlsx", "pdf"]) {
              const res = await downloadReport(key, sumId, format);
              expect(res.status, format).toBe(422);
              expect(JSON.parse(res.bytes.toString("utf8")).error.message).toMatch(/could exceed/);
            }
            return;
          }
          const total = stored.reduce((n, s) => n + s.cents, 0n);
          const max = stored.reduce((n, s) => (s.cents > n ? s.cents : n), stored[0].cents);
          const durations = stored.reduce((n, s) => n + s.duration, 0);
          const agg = await readAllFormats(key, sumId);
          expect(agg.csv).toEqual([
            {
              "Event type": run,
              Count: String(stored.length),
              "Total revenue (USD)": centsText(total),
              "Total duration (ms)": String(durations),
              "Maximum revenue (USD)": centsText(max),
            },
          ]);
          const asJson = {
            event_type: run,
            count: stored.length,
            sum_revenue: Number(centsText(total)),
            sum_duration_ms: durations,
            max_revenue: Number(centsText(max)),
          };
          expect(agg.json.rows).toEqual([asJson]);
          expect(agg.ndjson).toEqual([asJson]);
          const cells = (agg.xlsx.getWorksheet("Data")!.getRow(2).values as unknown[]).slice(1);
          expect(cells).toEqual([run, stored.length, Number(centsText(total)), durations, Number(centsText(max))]);
          expect(agg.pdf).toContain(dollars(total));
          expect(agg.pdf).not.toMatch(/Infinity|NaN|\u2014/);

          // Without the maximum, the same sums come from the hourly table its triggers keep.
          const hourlyId = await save({
            groupBy: ["event_type"],
            measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }, { fn: "avg", field: "revenue" }],
          });
          const csv = await downloadReport(key, hourlyId, "csv");
          const json = JSON.parse((await downloadReport(key, hourlyId, "json")).bytes.toString("utf8")) as {
            rows: { count: number; sum_revenue: number; avg_revenue: number }[];
          };
          const line = csv.bytes.toString("utf8").trim().split(/\r?\n/)[1].split(",");
          expect(line.slice(0, 3)).toEqual([run, String(stored.length), centsText(total)]);
          expect(json.rows[0]).toMatchObject({ count: stored.length, sum_revenue: Number(centsText(total)) });
          expect(line[3]).toBe(String(json.rows[0].avg_revenue));
        }),
        { numRuns: EXPORT_RUNS },
      );
      expect(exported, "runs that carried rows out to the files").toBeGreaterThanOrEqual(Math.ceil(EXPORT_RUNS / 2));
      expect(Date.now() - started, "the suite's time cap").toBeLessThan(TIME_CAP_MS);
    },
    TIME_CAP_MS,
  );
});
