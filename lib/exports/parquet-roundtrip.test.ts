import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { connection } from "../db/connection";
import { insertRows, type BulkColumn } from "../db/bulk";
import type { AlertRow, AuditEventRow, UsageEventRow } from "../demo/factories";
import { insertUsageEvents } from "../demo/seed";
import { checkDefinition } from "../reports/check";
import type { Redaction } from "../reports/types";
import { unstorableProblem } from "../text/unstorable-characters";
import { readCsv } from "../../testing/export-readers";
import { TEST_NOW } from "../../testing/fixtures";
import { hostileString } from "../../testing/hostile-strings";
import { parquetCsvDifferences, readParquet, type ParquetRead } from "../../testing/parquet-reader";
import { scratchWorkspace } from "../../testing/workspaces";
import { prepareExport } from "./pipeline";
import type { ExportBranding, ExportFormat } from "./types";

/**
 * The same saved report exported as CSV and as Parquet on this run's database: DuckDB's
 * reading of the Parquet file equals the CSV cell by cell, for raw events with hostile
 * text, int32 edges, large cents and instants around DST changes, for grouped reports,
 * for columns with nulls, and with sensitive columns masked.
 */
const TZ = "Europe/Berlin";
const INT32_MAX = 2 ** 31 - 1;
/** Large cents whose sum over every row still passes the engine's bound (2^50 cents). */
const BIG_CENTS = 2 ** 43 + 7;
const DST = [Date.UTC(2026, 2, 29, 0, 59, 59, 999), Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 0, 30)];

let workspace: { id: string; slug: string };
let branding: ExportBranding;
let stored: UsageEventRow[];

const ALERT_COLUMNS: BulkColumn<AlertRow>[] = [
  { name: "workspace_id", kind: "text", value: (r) => r.workspaceId },
  { name: "triggered_at", kind: "time", value: (r) => r.triggeredAt },
  { name: "severity", kind: "text", value: (r) => r.severity },
  { name: "source", kind: "text", value: (r) => r.source },
  { name: "title", kind: "text", value: (r) => r.title },
  { name: "resolved_at", kind: "time", value: (r) => r.resolvedAt },
];

const AUDIT_COLUMNS: BulkColumn<AuditEventRow>[] = [
  { name: "workspace_id", kind: "text", value: (r) => r.workspaceId },
  { name: "occurred_at", kind: "time", value: (r) => r.occurredAt },
  { name: "actor", kind: "text", value: (r) => r.actor },
  { name: "action", kind: "text", value: (r) => r.action },
  { name: "entity", kind: "text", value: (r) => r.entity },
  { name: "ip", kind: "text", value: (r) => r.ip },
  { name: "details", kind: "text", value: (r) => r.details },
];

beforeAll(async () => {
  const scratch = await scratchWorkspace({ label: "parquet", timezone: TZ, templates: false });
  workspace = scratch.workspace;
  branding = {
    name: "Parquet",
    slug: workspace.slug,
    timezone: TZ,
    locale: "en-US",
    brandColor: "#0f766e",
    logoUrl: null,
  };
  const text = hostileString().filter((s) => unstorableProblem(s) === null && s.length <= 200);
  const strings = fc.sample(text, { numRuns: 120, seed: 22 });
  const base = Date.UTC(2026, 2, 27);
  stored = strings.map((s, i) => ({
    workspaceId: workspace.id,
    // Every third row sits on a DST edge; the rest spread over ten days, one per hour and a bit.
    occurredAt: i % 3 === 0 ? DST[(i / 3) % DST.length] + i : base + i * 3_600_123,
    userId: `user-${i % 7}`,
    deviceId: strings[(i * 7) % strings.length],
    eventType: s,
    plan: ["free", "pro", strings[(i * 3) % strings.length]][i % 3],
    country: "DE",
    // The door's edges: ingestion refuses -2^31 (lib/reports/check.ts).
    durationMs: [INT32_MAX, -INT32_MAX, 0, i][i % 4],
    revenueCents: [BIG_CENTS, -BIG_CENTS, 1999, 1, -1, 0][i % 6],
  }));
  await insertUsageEvents(connection(), stored);
  const alerts: AlertRow[] = strings.slice(0, 30).map((title, i) => ({
    workspaceId: workspace.id,
    triggeredAt: base + i * 60_000,
    severity: ["critical", "warning"][i % 2],
    source: "api",
    title,
    resolvedAt: i % 3 === 0 ? null : base + i * 60_000 + 5_000,
  }));
  await insertRows(connection(), "alerts", ALERT_COLUMNS, alerts);
  const audits: AuditEventRow[] = strings.slice(0, 30).map((entity, i) => ({
    workspaceId: workspace.id,
    occurredAt: base + i * 60_000,
    actor: `person${i % 4}@example.com`,
    action: "report.exported",
    entity,
    ip: i % 2 === 0 ? null : `10.0.0.${i}`,
    details: JSON.stringify({ email: `someone${i}@example.com`, note: entity }),
  }));
  await insertRows(connection(), "audit_events", AUDIT_COLUMNS, audits);
});

afterAll(async () => {
  await db.workspace.delete({ where: { id: workspace.id } });
});

async function exportBoth(
  definition: unknown,
  redaction: Redaction,
): Promise<{ csv: string[][]; parquet: ParquetRead }> {
  const files = {} as Record<"csv" | "parquet", Uint8Array>;
  for (const format of ["csv", "parquet"] satisfies ExportFormat[]) {
    const report = checkDefinition(definition, { timezone: TZ, now: TEST_NOW });
    report.redaction = redaction;
    const prepared = await prepareExport(
      connection(),
      workspace.id,
      branding,
      report,
      { name: "P", description: "" },
      { format },
    );
    if (format === "parquet") {
      expect(prepared.contentType).toBe("application/vnd.apache.parquet");
      expect(prepared.fileName).toMatch(/\.parquet$/);
    }
    files[format] = new Uint8Array(await new Response(prepared.body).arrayBuffer());
  }
  return { csv: readCsv(files.csv), parquet: await readParquet(files.parquet) };
}

const range = { type: "absolute", from: "2026-03-20", to: "2026-10-31" };

describe("Parquet exports equal the CSV of the same export", () => {
  it("raw events: hostile text, int32 edges, large cents, DST instants, raw and masked", async () => {
    const definition = {
      dataset: "usage_events",
      columns: ["occurred_at", "user_id", "device_id", "event_type", "plan", "duration_ms", "revenue"],
      timeRange: range,
      sort: [{ key: "occurred_at", dir: "asc" }],
      limit: 10_000,
    };
    const raw = await exportBoth(definition, "raw");
    expect(raw.parquet.rows.length).toBe(stored.length);
    expect(raw.parquet.columns.map((c) => c.type)).toEqual([
      "TIMESTAMP WITH TIME ZONE",
      "VARCHAR",
      "VARCHAR",
      "VARCHAR",
      "VARCHAR",
      "INTEGER",
      "DECIMAL(18,2)",
    ]);
    expect(parquetCsvDifferences(raw.parquet, raw.csv)).toEqual([]);
    const duration = raw.parquet.rows.map((r) => Number(r[5]));
    expect(duration).toContain(INT32_MAX);
    expect(duration).toContain(-INT32_MAX);
    expect(raw.parquet.rows.map((r) => r[6])).toContain("87960930222.15");

    const masked = await exportBoth(definition, "masked");
    expect(parquetCsvDifferences(masked.parquet, masked.csv)).toEqual([]);
    // Pseudonyms, not the stored values, in both files.
    const users = new Set(masked.parquet.rows.map((r) => r[1]));
    for (const s of stored) expect(users.has(s.userId)).toBe(false);
    expect(masked.parquet.rows.map((r) => r[3])).toEqual(raw.parquet.rows.map((r) => r[3]));
  });

  it("a grouped report: day buckets as dates, counts, exact money sums, averages as doubles", async () => {
    const definition = {
      dataset: "usage_events",
      timeBucket: "day",
      groupBy: ["plan"],
      measures: [
        { fn: "count" },
        { fn: "sum", field: "revenue" },
        { fn: "avg", field: "revenue" },
        { fn: "max", field: "duration_ms" },
        { fn: "sum", field: "duration_ms" },
        { fn: "count_distinct", field: "user_id" },
      ],
      timeRange: range,
      limit: 10_000,
    };
    const { csv, parquet } = await exportBoth(definition, "masked");
    expect(parquet.columns.map((c) => c.type)).toEqual([
      "DATE",
      "VARCHAR",
      "BIGINT",
      "DECIMAL(18,2)",
      "DOUBLE",
      "BIGINT",
      "BIGINT",
      "BIGINT",
    ]);
    expect(parquet.rows.length).toBeGreaterThan(10);
    expect(parquetCsvDifferences(parquet, csv)).toEqual([]);
    expect(parquet.rows.reduce((n, r) => n + Number(r[2]), 0)).toBe(stored.length);
  });

  it("nulls: alerts not yet resolved have no resolution time", async () => {
    const definition = {
      dataset: "alerts",
      columns: ["triggered_at", "severity", "title", "resolved_at"],
      timeRange: range,
      sort: [{ key: "triggered_at", dir: "asc" }],
    };
    const { csv, parquet } = await exportBoth(definition, "raw");
    expect(parquet.rows.length).toBe(30);
    expect(parquet.rows.filter((r) => r[3] === null).length).toBe(10);
    expect(parquetCsvDifferences(parquet, csv)).toEqual([]);
  });

  it("masked audit events: actors, addresses (null stays null) and the personal parts of details", async () => {
    const definition = {
      dataset: "audit_events",
      columns: ["occurred_at", "actor", "entity", "ip", "details"],
      timeRange: range,
      sort: [{ key: "occurred_at", dir: "asc" }],
    };
    const { csv, parquet } = await exportBoth(definition, "masked");
    expect(parquet.rows.length).toBe(30);
    expect(parquetCsvDifferences(parquet, csv)).toEqual([]);
    expect(parquet.rows.filter((r) => r[3] === null).length).toBe(15);
    const text = JSON.stringify(parquet.rows);
    expect(text).not.toContain("@example.com");
    expect(text).not.toContain("10.0.0.");
  });
});
