import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { sql } from "../db/sql";
import { insertUsageEvents } from "../demo/seed";
import { checkDefinition } from "../reports/check";
import { seeded } from "../../testing/db";
import { TEST_NOW } from "../../testing/fixtures";
import { toMs } from "../../testing/independent";
import { previousRange } from "../reports/time-range";
import { prepareExport } from "./pipeline";
import type { ExportBranding } from "./types";

const branding = (id: string, timezone = "America/New_York"): ExportBranding => ({
  name: "Test",
  slug: id,
  timezone,
  locale: "en-US",
  brandColor: "#2563eb",
  logoUrl: null,
});

const rawDefinition = {
  dataset: "usage_events",
  columns: ["occurred_at", "event_type", "user_id", "duration_ms", "revenue"],
  timeRange: { type: "absolute", from: "2026-03-01", to: "2026-03-20" },
  sort: [{ key: "occurred_at", dir: "asc" }],
  limit: 5000,
};

async function text(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

describe("export round trips", () => {
  it("CSV: every row and value read back by papaparse equals the database", async () => {
    const { conn, acme } = seeded();
    const tz = "America/New_York";
    const report = checkDefinition(rawDefinition, { timezone: tz, now: TEST_NOW });
    const prepared = await prepareExport(
      conn,
      acme.id,
      branding("acme", tz),
      report,
      { name: "Raw events", description: "" },
      { format: "csv" },
    );
    expect(prepared.fileName).toBe("Raw-events_acme_2026-03-01_2026-03-20.csv");
    const parsed = Papa.parse<Record<string, string>>(await text(prepared.body), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(["Time", "Event type", "User ID", "Duration (ms)", "Revenue (USD)"]);

    const db = await conn.query<{
      occurred_at: unknown;
      event_type: string;
      user_id: string;
      duration_ms: number;
      revenue: number;
    }>(sql`
      SELECT occurred_at, event_type, user_id, duration_ms, revenue_cents / 100.0 AS revenue FROM usage_events
      WHERE workspace_id = ${acme.id} AND occurred_at >= ${new Date(report.range.fromMs)} AND occurred_at < ${new Date(report.range.toMs)}
      ORDER BY occurred_at, id LIMIT 5000`);
    expect(parsed.data.length).toBe(db.length);
    parsed.data.forEach((row, i) => {
      // ISO 8601 with the workspace's offset: -05:00 before 8 March, -04:00 after.
      expect(row.Time).toMatch(/^2026-03-\d\dT\d\d:\d\d:\d\d\.\d{3}-0[45]:00$/);
      expect(Date.parse(row.Time)).toBe(toMs(db[i].occurred_at));
      expect(row["Event type"]).toBe(db[i].event_type);
      expect(row["User ID"]).toBe(db[i].user_id);
      expect(Number(row["Duration (ms)"])).toBe(Number(db[i].duration_ms));
      expect(Number(row["Revenue (USD)"])).toBeCloseTo(Number(db[i].revenue), 6);
    });
  });

  it("CSV: commas, quotes, newlines, non-Latin text, emoji, formulas and negative numbers survive", async () => {
    const { conn } = seeded();
    const ws = await db.workspace.create({ data: { name: "Edge cases", slug: `edge-${Date.now()}`, timezone: "UTC" } });
    const nasty = [
      "a, b",
      'say "hi"',
      "line 1\nline 2",
      "Zürich — 東京 — Москва",
      "📈🚀",
      "=SUM(A1:A9)",
      "-1.5",
      "+cmd",
      "@here",
    ];
    await insertUsageEvents(
      conn,
      nasty.map((eventType, i) => ({
        workspaceId: ws.id,
        occurredAt: Date.UTC(2026, 2, 10, 12, i),
        userId: "u1",
        deviceId: "d1",
        eventType,
        plan: "pro",
        country: "DE",
        durationMs: 1000,
        revenueCents: i === 0 ? -150 : 0,
      })),
    );
    const report = checkDefinition(
      { ...rawDefinition, columns: ["occurred_at", "event_type", "revenue"] },
      { timezone: "UTC", now: TEST_NOW },
    );
    const prepared = await prepareExport(
      conn,
      ws.id,
      branding(ws.slug, "UTC"),
      report,
      { name: "Edge", description: "" },
      { format: "csv", bom: true },
    );
    const bytes = new Uint8Array(await new Response(prepared.body).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    const types = parsed.data.map((r) => r["Event type"]);
    // Formula-like text is neutralised with a leading apostrophe; everything else is verbatim.
    expect(types).toEqual(nasty.map((t) => (/^[=+@]/.test(t) ? `'${t}` : t)));
    expect(parsed.data[0]["Revenue (USD)"]).toBe("-1.5");
    await db.workspace.delete({ where: { id: ws.id } });
  });

  it("JSON and NDJSON: a streamed document with metadata and typed rows", async () => {
    const { conn, globex } = seeded();
    const report = checkDefinition(
      {
        dataset: "model_metrics",
        timeBucket: "day",
        groupBy: ["model_name"],
        measures: [{ fn: "avg", field: "accuracy" }, { fn: "count" }],
        timeRange: { type: "absolute", from: "2026-03-01", to: "2026-03-07" },
      },
      { timezone: "Europe/Berlin", now: TEST_NOW },
    );
    const json = await prepareExport(
      conn,
      globex.id,
      branding("globex", "Europe/Berlin"),
      report,
      { name: "Models", description: "d" },
      { format: "json" },
    );
    const doc = JSON.parse(await text(json.body));
    expect(doc.report).toEqual({ name: "Models", description: "d" });
    expect(doc.range).toEqual({ from: "2026-03-01", to: "2026-03-07", timezone: "Europe/Berlin" });
    expect(doc.columns.map((c: { key: string }) => c.key)).toEqual(["period", "model_name", "avg_accuracy", "count"]);
    expect(doc.rowCount).toBe(doc.rows.length);
    expect(doc.rows.length).toBe(21);
    expect(
      doc.rows.every(
        (r: { count: unknown; avg_accuracy: unknown }) =>
          typeof r.count === "number" && typeof r.avg_accuracy === "number",
      ),
    ).toBe(true);
    expect(doc.rows.reduce((s: number, r: { count: number }) => s + r.count, 0)).toBe(21 * 24);

    const nd = await prepareExport(
      conn,
      globex.id,
      branding("globex"),
      report,
      { name: "Models", description: "" },
      { format: "ndjson" },
    );
    const lines = (await text(nd.body))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(doc.rows);
  });

  it("JSON and NDJSON of raw events: every instant, string and number equals the database", async () => {
    const { conn, acme } = seeded();
    const tz = "America/New_York";
    const report = checkDefinition(rawDefinition, { timezone: tz, now: TEST_NOW });
    const json = await prepareExport(
      conn,
      acme.id,
      branding("acme", tz),
      report,
      { name: "Raw events", description: "" },
      { format: "json" },
    );
    const doc = JSON.parse(await text(json.body)) as { rowCount: number; rows: Record<string, unknown>[] };
    const db = await conn.query<{
      occurred_at: unknown;
      event_type: string;
      user_id: string;
      duration_ms: number;
      revenue: number;
    }>(sql`
      SELECT occurred_at, event_type, user_id, duration_ms, revenue_cents / 100.0 AS revenue FROM usage_events
      WHERE workspace_id = ${acme.id} AND occurred_at >= ${new Date(report.range.fromMs)} AND occurred_at < ${new Date(report.range.toMs)}
      ORDER BY occurred_at, id LIMIT 5000`);
    expect(db.length).toBeGreaterThan(100);
    expect(doc.rowCount).toBe(db.length);
    doc.rows.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(["occurred_at", "event_type", "user_id", "duration_ms", "revenue"]);
      expect(row.occurred_at).toMatch(/^2026-03-\d\dT\d\d:\d\d:\d\d\.\d{3}-0[45]:00$/);
      expect(Date.parse(row.occurred_at as string)).toBe(toMs(db[i].occurred_at));
      expect(row.event_type).toBe(db[i].event_type);
      expect(row.user_id).toBe(db[i].user_id);
      expect(row.duration_ms).toBe(db[i].duration_ms === null ? null : Number(db[i].duration_ms));
      expect(row.revenue).toBeCloseTo(Number(db[i].revenue), 6);
    });

    const nd = await prepareExport(
      conn,
      acme.id,
      branding("acme", tz),
      report,
      { name: "Raw events", description: "" },
      { format: "ndjson" },
    );
    expect(
      (await text(nd.body))
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual(doc.rows);
    expect(doc).toMatchObject({ notices: [] });

    // Cut by the report's row limit: the document says so before its rows.
    const limited = checkDefinition({ ...rawDefinition, limit: 100 }, { timezone: tz, now: TEST_NOW });
    const cut = await prepareExport(
      conn,
      acme.id,
      branding("acme", tz),
      limited,
      { name: "Raw events", description: "" },
      { format: "json" },
    );
    const cutDoc = JSON.parse(await text(cut.body)) as {
      rowCount: number;
      notices: { code: string; message: string }[];
    };
    expect(cutDoc.rowCount).toBe(100);
    expect(cutDoc.notices).toEqual([
      {
        code: "limit_reached",
        message: `The report's row limit of 100 stops it before all ${db.length.toLocaleString("en-US")} matching rows. Raise the limit in the report to include them all.`,
      },
    ]);
  });
});

describe("XLSX through the pipeline", () => {
  it("reads back with exceljs as typed cells equal to the database", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const { conn, acme } = seeded();
    const tz = "America/New_York";
    const report = checkDefinition(rawDefinition, { timezone: tz, now: TEST_NOW });
    const prepared = await prepareExport(
      conn,
      acme.id,
      branding("acme", tz),
      report,
      { name: "Raw events", description: "" },
      { format: "xlsx" },
    );
    expect(prepared.meta.totalRows).toBeGreaterThan(0);
    const buffer = Buffer.from(await new Response(prepared.body).arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(["Summary", "Data"]);
    const data = book.getWorksheet("Data")!;
    const header = (data.getRow(1).values as unknown[]).slice(1);
    // The same headers as the CSV: one unit rule for every file.
    expect(header).toEqual(["Time", "Event type", "User ID", "Duration (ms)", "Revenue (USD)"]);

    const db = await conn.query<{ occurred_at: unknown; event_type: string; duration_ms: number; revenue: number }>(sql`
      SELECT occurred_at, event_type, duration_ms, revenue_cents / 100.0 AS revenue FROM usage_events
      WHERE workspace_id = ${acme.id} AND occurred_at >= ${new Date(report.range.fromMs)} AND occurred_at < ${new Date(report.range.toMs)}
      ORDER BY occurred_at, id LIMIT 5000`);
    expect(data.rowCount - 1).toBe(db.length);
    for (const i of [0, 1, Math.floor(db.length / 2), db.length - 1]) {
      const row = data.getRow(i + 2);
      const time = row.getCell(1).value as Date;
      expect(time).toBeInstanceOf(Date);
      // Excel has no zones: the cell holds New York wall-clock time.
      const instant = toMs(db[i].occurred_at);
      const offset = new Date(instant).toLocaleString("en-US", { timeZone: tz, hour12: false });
      expect(time.toISOString().slice(11, 16)).toBe(offset.split(", ")[1].slice(0, 5).replace(/^24/, "00"));
      expect(row.getCell(2).value).toBe(db[i].event_type);
      expect(row.getCell(4).value).toBe(Number(db[i].duration_ms));
      expect(typeof row.getCell(5).value).toBe("number");
      expect(row.getCell(5).value).toBeCloseTo(Number(db[i].revenue), 6);
    }
  });
});

describe("PDF through the pipeline", () => {
  it("renders the report's rows, read back with pdftotext", async () => {
    const { execFileSync } = await import("node:child_process");
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { conn, acme } = seeded();
    const report = checkDefinition(
      {
        dataset: "model_metrics",
        timeBucket: "day",
        groupBy: ["model_name"],
        measures: [{ fn: "avg", field: "accuracy", label: "Accuracy" }, { fn: "count" }],
        timeRange: { type: "absolute", from: "2026-03-01", to: "2026-03-07" },
        chart: { type: "line", x: "period", y: ["avg_accuracy"] },
      },
      { timezone: "America/New_York", now: TEST_NOW },
    );
    const prepared = await prepareExport(
      conn,
      acme.id,
      branding("acme"),
      report,
      { name: "Model check", description: "Seven days" },
      { format: "pdf" },
    );
    expect(prepared.contentType).toBe("application/pdf");
    const bytes = Buffer.from(await new Response(prepared.body).arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const dir = mkdtempSync(join(tmpdir(), "chartroom-pdf-"));
    try {
      writeFileSync(join(dir, "r.pdf"), bytes);
      const text = execFileSync("pdftotext", ["-layout", join(dir, "r.pdf"), "-"], { encoding: "utf8" });
      expect(text).toContain("Model check");
      expect(text).toMatch(/Page 1 of \d+/);
      expect(text).toContain("Accuracy");
      // 21 rows: 7 days × 3 models, each with its model name in the table.
      expect(text.match(/churn-predictor/g)?.length ?? 0).toBeGreaterThanOrEqual(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("comparison PDF through the pipeline", () => {
  it("takes the previous period of equal length", () => {
    expect(previousRange({ from: "2026-03-01", to: "2026-03-31" })).toEqual({ from: "2026-01-29", to: "2026-02-28" });
    expect(previousRange({ from: "2024-03-01", to: "2024-03-01" })).toEqual({ from: "2024-02-29", to: "2024-02-29" });
    expect(previousRange({ from: "2026-01-01", to: "2026-01-07" })).toEqual({ from: "2025-12-25", to: "2025-12-31" });
  });

  it("shows both periods with counts and the change that the database gives", async () => {
    const { execFileSync } = await import("node:child_process");
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { conn, acme } = seeded();
    const report = checkDefinition(
      {
        dataset: "usage_events",
        timeBucket: "day",
        measures: [{ fn: "count" }],
        timeRange: { type: "absolute", from: "2026-03-15", to: "2026-03-28" },
        chart: { type: "bar", x: "period", y: ["count"] },
      },
      { timezone: "UTC", now: TEST_NOW },
    );
    const count = async (from: string, to: string) => {
      const [row] = await conn.query<{ n: number }>(sql`
        SELECT COUNT(*) AS n FROM usage_events
        WHERE workspace_id = ${acme.id} AND occurred_at >= ${new Date(`${from}T00:00:00Z`)} AND occurred_at < ${new Date(`${to}T00:00:00Z`)}`);
      return Number(row.n);
    };
    const current = await count("2026-03-15", "2026-03-29");
    const previous = await count("2026-03-01", "2026-03-15");
    expect(current).toBeGreaterThan(0);
    expect(previous).toBeGreaterThan(0);

    const prepared = await prepareExport(
      conn,
      acme.id,
      branding("acme", "UTC"),
      report,
      { name: "Fortnight", description: "" },
      {
        format: "pdf",
        template: "comparison",
      },
    );
    const bytes = Buffer.from(await new Response(prepared.body).arrayBuffer());
    const dir = mkdtempSync(join(tmpdir(), "chartroom-pdf-"));
    try {
      writeFileSync(join(dir, "c.pdf"), bytes);
      const text = execFileSync("pdftotext", ["-layout", join(dir, "c.pdf"), "-"], { encoding: "utf8" }).replace(
        /\s+/g,
        " ",
      );
      expect(text).toContain("Mar 15, 2026 \u2013 Mar 28, 2026");
      expect(text).toContain("Compared with Mar 1, 2026 \u2013 Mar 14, 2026");
      expect(text).toContain(`${current.toLocaleString("en-US")} `);
      expect(text).toContain(`vs ${previous.toLocaleString("en-US")}`);
      const change = ((current - previous) / previous) * 100;
      expect(text).toContain(`${change >= 0 ? "+" : "-"}${Math.abs(change).toFixed(1)}%`);
      expect(text).toContain("This period \u00b7 Mar 15, 2026 \u2013 Mar 28, 2026");
      expect(text).toContain("Previous period \u00b7 Mar 1, 2026 \u2013 Mar 14, 2026");
      expect(text).toContain("Top rows, Mar 15, 2026 \u2013 Mar 28, 2026 (10 of 14 rows)");
      expect(text).toContain("Top rows, Mar 1, 2026 \u2013 Mar 14, 2026 (10 of 14 rows)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
