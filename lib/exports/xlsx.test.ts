import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import type { ReportValue } from "../reports/engine";
import type { OutputColumn } from "../reports/types";
import type { ExportMeta, ExportRow } from "./types";
import { writeXlsx, XLSX_MAX_DATA_ROWS } from "./xlsx";

const dir = mkdtempSync(join(tmpdir(), "chartroom-xlsx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const col = (
  key: string,
  label: string,
  type: OutputColumn["type"],
  format: OutputColumn["format"],
  unit?: OutputColumn["unit"],
): OutputColumn => ({
  key,
  label,
  type,
  format,
  ...(unit ? { unit } : {}),
  sensitive: false,
  kind: "field",
});

const COLUMNS: OutputColumn[] = [
  col("seq", "Seq", "integer", "integer"),
  col("name", "Name", "string", "text"),
  col("at", "Time", "datetime", "datetime"),
  col("day", "Day", "date", "date"),
  col("hour", "Hour", "hour", "hour"),
  col("revenue", "Revenue", "number", "currency", "USD"),
  col("accuracy", "Accuracy", "number", "percent"),
  col("latency", "Latency", "integer", "duration", "ms"),
  col("drift", "Drift score", "number", "number"),
];

function makeMeta(overrides: Partial<ExportMeta> = {}): ExportMeta {
  return {
    reportName: "Weekly revenue",
    description: "Revenue by plan",
    workspace: {
      name: "Acme",
      slug: "acme",
      timezone: "America/New_York",
      locale: "en-US",
      brandColor: "#0f766e",
      logoUrl: null,
    },
    range: { from: "2026-03-01", to: "2026-03-31", timezone: "America/New_York" },
    filters: ["Event type is purchase", "Country is US"],
    generatedAt: new Date("2026-03-09T14:05:00Z"),
    columns: COLUMNS,
    chart: { type: "bar", x: "day", y: ["revenue"] },
    limit: 10_000,
    totalRows: 3,
    notices: [],
    ...overrides,
  };
}

/** Rows as the writer takes them (streamReportValues): column order, instants as epoch ms. */
function values(rows: ExportRow[]): ReportValue[][] {
  return rows.map((row) =>
    COLUMNS.map((c) => {
      const value = row[c.key];
      return value instanceof Date ? value.getTime() : (value ?? null);
    }),
  );
}

async function* inBatches(rows: ExportRow[], size: number): AsyncGenerator<ReportValue[][]> {
  for (let i = 0; i < rows.length; i += size) yield values(rows.slice(i, i + size));
}

let fileCount = 0;
async function writeToFile(
  meta: ExportMeta,
  batches: AsyncIterable<ReportValue[][]>,
  options?: Parameters<typeof writeXlsx>[3],
): Promise<{ path: string; rows: number; workbook: ExcelJS.Workbook }> {
  const path = join(dir, `export-${++fileCount}.xlsx`);
  const { rows } = await writeXlsx(meta, batches, createWriteStream(path), options);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return { path, rows, workbook };
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = workbook.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** Summary rows as label → values (continuation lines have an empty label). */
function summaryFields(ws: ExcelJS.Worksheet): Map<string, ExcelJS.CellValue[]> {
  const fields = new Map<string, ExcelJS.CellValue[]>();
  let current = "";
  ws.eachRow((row, n) => {
    if (n <= 2) return;
    const label = row.getCell(1).value;
    if (typeof label === "string") current = label;
    if (current) fields.set(current, [...(fields.get(current) ?? []), row.getCell(2).value]);
  });
  return fields;
}

const SAMPLE: ExportRow[] = [
  {
    seq: 1,
    name: "=1+2",
    at: new Date("2026-03-08T06:30:00Z"),
    day: "2026-03-08",
    hour: "2026-03-08 03:00",
    revenue: 1234.5,
    accuracy: 0.913,
    latency: 1500,
    drift: -1.5,
  },
  {
    seq: 2,
    name: "-1.5 text",
    at: new Date("2026-03-08T07:30:00Z"),
    day: "2026-02-28",
    hour: "2026-03-07 23:00",
    revenue: -20,
    accuracy: 1,
    latency: 7,
    drift: 0.125,
  },
  {
    seq: 3,
    name: "Zürich 東京 🚀 Ωμέγα",
    at: null,
    day: null,
    hour: null,
    revenue: null,
    accuracy: null,
    latency: null,
    drift: null,
  },
];

describe("writeXlsx", () => {
  it("writes a Summary sheet, then typed data cells under a frozen, filtered header", async () => {
    const progress: number[] = [];
    const { rows, workbook } = await writeToFile(makeMeta(), inBatches(SAMPLE, 2), {
      onProgress: (n) => progress.push(n),
    });
    expect(rows).toBe(3);
    expect(progress).toEqual([2, 3]);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Summary", "Data"]);

    const data = sheet(workbook, "Data");
    expect(data.getRow(1).values).toEqual([
      undefined,
      "Seq",
      "Name",
      "Time",
      "Day",
      "Hour",
      "Revenue (USD)",
      "Accuracy (ratio)",
      "Latency (ms)",
      "Drift score",
    ]);
    expect(data.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(data.getRow(1).getCell(1).fill).toMatchObject({ type: "pattern", pattern: "solid" });
    expect(data.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(data.autoFilter).toBe("A1:I4");
    expect(data.rowCount).toBe(4);
    for (const c of [1, 3, 4, 5, 6, 7, 8, 9]) expect(data.getColumn(c).width).toBeGreaterThanOrEqual(10);
    expect(data.getColumn(3).width).toBeGreaterThanOrEqual(19);

    const r1 = data.getRow(2);
    const r2 = data.getRow(3);
    const r3 = data.getRow(4);

    expect(r1.getCell(1).type).toBe(ExcelJS.ValueType.Number);
    expect(r1.getCell(1).value).toBe(1);
    expect(r1.getCell(1).numFmt).toBe("#,##0");

    // Formula-looking and number-looking text stays text; real numbers stay numbers.
    expect(r1.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(r1.getCell(2).value).toBe("=1+2");
    expect(r1.getCell(2).formula).toBeUndefined();
    expect(r2.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(r2.getCell(2).value).toBe("-1.5 text");
    expect(r1.getCell(9).type).toBe(ExcelJS.ValueType.Number);
    expect(r1.getCell(9).value).toBe(-1.5);
    expect(r1.getCell(9).numFmt).toBe("#,##0.0###");
    expect(r3.getCell(2).value).toBe("Zürich 東京 🚀 Ωμέγα");

    // Instants as New York wall-clock time, on both sides of the 2026-03-08 DST change.
    expect(r1.getCell(3).type).toBe(ExcelJS.ValueType.Date);
    expect((r1.getCell(3).value as Date).toISOString()).toBe("2026-03-08T01:30:00.000Z");
    expect((r2.getCell(3).value as Date).toISOString()).toBe("2026-03-08T03:30:00.000Z");
    expect(r1.getCell(3).numFmt).toBe("yyyy-mm-dd hh:mm:ss");

    // Local dates and hours become date cells as they are.
    expect(r1.getCell(4).type).toBe(ExcelJS.ValueType.Date);
    expect((r1.getCell(4).value as Date).toISOString()).toBe("2026-03-08T00:00:00.000Z");
    expect((r2.getCell(4).value as Date).toISOString()).toBe("2026-02-28T00:00:00.000Z");
    expect(r1.getCell(4).numFmt).toBe("yyyy-mm-dd");
    expect(r1.getCell(5).type).toBe(ExcelJS.ValueType.Date);
    expect((r1.getCell(5).value as Date).toISOString()).toBe("2026-03-08T03:00:00.000Z");
    expect((r2.getCell(5).value as Date).toISOString()).toBe("2026-03-07T23:00:00.000Z");
    expect(r1.getCell(5).numFmt).toBe("yyyy-mm-dd hh:mm");

    expect(r1.getCell(6).type).toBe(ExcelJS.ValueType.Number);
    expect(r1.getCell(6).value).toBe(1234.5);
    expect(r2.getCell(6).value).toBe(-20);
    expect(r1.getCell(6).numFmt).toBe('"$"#,##0.00');

    expect(r1.getCell(7).type).toBe(ExcelJS.ValueType.Number);
    expect(r1.getCell(7).value).toBe(0.913);
    expect(r1.getCell(7).numFmt).toBe("0.0%");

    // Durations stay in milliseconds, as in CSV and JSON, under the same header.
    expect(r1.getCell(8).type).toBe(ExcelJS.ValueType.Number);
    expect(r1.getCell(8).value).toBe(1500);
    expect(r2.getCell(8).value).toBe(7);
    expect(r1.getCell(8).numFmt).toBe('#,##0" ms"');

    for (let c = 3; c <= 9; c++) {
      expect(r3.getCell(c).type).toBe(ExcelJS.ValueType.Null);
      expect(r3.getCell(c).value).toBeNull();
    }
  });

  it("fills the Summary: name, description, workspace, range, filters, time, rows, notices, sheets", async () => {
    const meta = makeMeta({
      totalRows: 50_000,
      limit: 10_000,
      notices: [{ code: "limit_clamped", message: "The limit was lowered to 10,000 rows." }],
    });
    const { workbook } = await writeToFile(meta, inBatches(SAMPLE, 10));
    const summary = sheet(workbook, "Summary");
    expect(summary.getCell("A1").value).toBe("Weekly revenue");
    expect(summary.getCell("A1").font).toMatchObject({ bold: true, size: 16 });
    expect(summary.getCell("A1").font?.color?.argb).toBe("FF0F766E");
    expect(summary.getCell("A2").value).toBe("Revenue by plan");

    const fields = summaryFields(summary);
    expect(fields.get("Workspace")).toEqual(["Acme"]);
    expect(fields.get("Time range")).toEqual(["2026-03-01 – 2026-03-31 (America/New_York)"]);
    expect(fields.get("Filters")).toEqual(["Event type is purchase", "Country is US"]);
    expect(fields.get("Generated at")).toEqual(["2026-03-09 10:05:00 (UTC-04:00, America/New_York)"]);
    // The known count, capped at the limit.
    expect(fields.get("Rows")).toEqual([10_000]);
    expect(fields.get("Notices")).toEqual(["The limit was lowered to 10,000 rows."]);
    expect(fields.get("Data sheets")).toEqual(["Data"]);
    expect(summary.getImages()).toHaveLength(0);
  });

  it("says where the row count is when it is unknown, and None for no filters or notices", async () => {
    const meta = makeMeta({ totalRows: null, filters: [], limit: 5_000 });
    const { workbook } = await writeToFile(meta, inBatches(SAMPLE, 10), { maxRowsPerSheet: 1_000 });
    const fields = summaryFields(sheet(workbook, "Summary"));
    expect(fields.get("Rows")).toEqual(["see data sheet(s)"]);
    expect(fields.get("Filters")).toEqual(["None"]);
    expect(fields.get("Notices")).toEqual(["None"]);
    expect(fields.get("Data sheets")).toEqual(["Data, Data 2, … (a new sheet every 1,000 rows)"]);
  });

  it("continues on Data 2, Data 3 … past maxRowsPerSheet without losing or repeating rows", async () => {
    const all: ExportRow[] = Array.from({ length: 2_500 }, (_, i) => ({
      ...SAMPLE[i % 3],
      seq: i + 1,
    }));
    const progress: number[] = [];
    const { rows, workbook } = await writeToFile(makeMeta({ totalRows: 2_500 }), inBatches(all, 300), {
      maxRowsPerSheet: 1_000,
      onProgress: (n) => progress.push(n),
    });
    expect(rows).toBe(2_500);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Summary", "Data", "Data 2", "Data 3"]);
    expect(summaryFields(sheet(workbook, "Summary")).get("Data sheets")).toEqual(["Data, Data 2, Data 3"]);

    const seen: number[] = [];
    const expected = { Data: 1_000, "Data 2": 1_000, "Data 3": 500 };
    for (const [name, count] of Object.entries(expected)) {
      const ws = sheet(workbook, name);
      expect(ws.rowCount).toBe(count + 1);
      expect(ws.getCell("A1").value).toBe("Seq");
      expect(ws.getCell("H1").value).toBe("Latency (ms)");
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(ws.autoFilter).toBe(`A1:I${count + 1}`);
      ws.eachRow((row, n) => {
        if (n > 1) seen.push(row.getCell(1).value as number);
      });
    }
    expect(seen).toEqual(Array.from({ length: 2_500 }, (_, i) => i + 1));

    expect(progress.at(-1)).toBe(2_500);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1]);
  });

  it("writes a header-only Data sheet when there are no rows", async () => {
    const { rows, workbook } = await writeToFile(makeMeta({ totalRows: 0 }), inBatches([], 10));
    expect(rows).toBe(0);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Summary", "Data"]);
    const data = sheet(workbook, "Data");
    expect(data.rowCount).toBe(1);
    expect(data.getCell("B1").value).toBe("Name");
    expect(data.autoFilter).toBe("A1:I1");
  });

  it("stops pulling rows while the sink asks to wait, then writes a complete file", async () => {
    const chunks: Buffer[] = [];
    const held: (() => void)[] = [];
    let blocked = true;
    const sink = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        if (blocked) held.push(() => callback());
        else setImmediate(callback);
      },
    });
    let pulled = 0;
    async function* rows(): AsyncGenerator<ReportValue[][]> {
      for (let b = 0; b < 40; b++) {
        pulled += 1;
        yield values(
          Array.from({ length: 200 }, (_, i) => ({
            ...SAMPLE[0],
            seq: b * 200 + i + 1,
            name: `row ${b}-${i} `.repeat(4),
          })),
        );
      }
    }
    // The writer waits with sink.once("drain"); the zip piping into the sink uses on().
    const waiting = new Promise<number>((resolve) => {
      type Once = (event: string, listener: () => void) => Writable;
      const once = sink.once.bind(sink) as Once;
      (sink as { once: Once }).once = (event, listener) => {
        if (event === "drain") resolve(pulled);
        return once(event, listener);
      };
    });
    const done = writeXlsx(makeMeta({ totalRows: 8_000 }), rows(), sink);
    // Had it kept pulling, it would have read all 40 batches before waiting, or never waited.
    expect(await waiting).toBeLessThan(40);
    expect(held.length).toBeGreaterThan(0);

    blocked = false;
    held.splice(0).forEach((release) => release());
    const { rows: written } = await done;
    expect(written).toBe(8_000);
    expect(pulled).toBe(40);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(sheet(workbook, "Data").rowCount).toBe(8_001);
    expect(sheet(workbook, "Data").getCell("A8001").value).toBe(8_000);
  });

  it("rejects, and stops reading rows, when the rows fail or the sink breaks", async () => {
    let closed = false;
    async function* failing(): AsyncGenerator<ReportValue[][]> {
      try {
        yield values(SAMPLE);
        throw new Error("cursor lost");
      } finally {
        closed = true;
      }
    }
    await expect(writeXlsx(makeMeta(), failing(), createWriteStream(join(dir, "failed.xlsx")))).rejects.toThrow(
      "cursor lost",
    );
    expect(closed).toBe(true);

    let stopped = false;
    async function* endless(): AsyncGenerator<ReportValue[][]> {
      try {
        for (let i = 0; ; i++) yield values(SAMPLE.map((r) => ({ ...r, seq: i })));
      } finally {
        stopped = true;
      }
    }
    let written = 0;
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        written += 1;
        callback(written > 3 ? new Error("client went away") : null);
      },
    });
    await expect(writeXlsx(makeMeta(), endless(), broken)).rejects.toThrow("client went away");
    expect(stopped).toBe(true);
  });

  it("exports Excel's row limit", () => {
    expect(XLSX_MAX_DATA_ROWS).toBe(1_048_575);
  });
});
