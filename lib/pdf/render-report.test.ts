import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExportMeta, ExportRow } from "../exports/types";
import { buildCharts } from "./chart-data";
import { formatCell } from "../format/cells";
import { formatDuration } from "../format/durations";
import { renderReportPdfBuffer } from "../../testing/pdf-buffer";
import { buildBlocks, paginate } from "./layout";
import { PDF_TABLE_ROW_CAP, renderReportPdf, type RenderPdfOptions } from "./render-report";
import { eventsReport, hourlyModelReport, modelMetricsReport, withMeta } from "../../testing/sample-report";
import { pdfText, truncate, wrapLines } from "./text-metrics";

let dir: string;
let counter = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "chartroom-pdf-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function renderToFile(meta: ExportMeta, rows: ExportRow[], options?: RenderPdfOptions): Promise<string> {
  const file = join(dir, `report-${++counter}.pdf`);
  writeFileSync(file, await renderReportPdfBuffer(meta, rows, options));
  return file;
}

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

function pageCount(file: string): number {
  const match = /^Pages:\s+(\d+)/m.exec(run("pdfinfo", [file]));
  if (!match) throw new Error("pdfinfo printed no page count");
  return Number(match[1]);
}

function pageSize(file: string): { width: number; height: number } {
  const match = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(run("pdfinfo", [file]));
  if (!match) throw new Error("pdfinfo printed no page size");
  return { width: Number(match[1]), height: Number(match[2]) };
}

function pageText(file: string, first?: number, last = first): string {
  const range = first === undefined ? [] : ["-f", String(first), "-l", String(last)];
  return run("pdftotext", ["-layout", ...range, file, "-"]);
}

/** Text with runs of whitespace collapsed, for phrases that pdftotext may space out. */
function flat(text: string): string {
  return text.replace(/\s+/g, " ");
}

/** Page `page` as an 8-bit greyscale bitmap (pdftoppm's PGM output) at `dpi`. */
function greyPage(file: string, page: number, dpi: number): { width: number; height: number; pixels: Buffer } {
  const prefix = join(dir, `grey-${++counter}`);
  run("pdftoppm", ["-r", String(dpi), "-gray", "-f", String(page), "-l", String(page), file, prefix]);
  const name = readdirSync(dir).find((f) => f.startsWith(`grey-${counter}`) && f.endsWith(".pgm"));
  if (!name) throw new Error("pdftoppm wrote no PGM");
  const data = readFileSync(join(dir, name));
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.toString("latin1", 0, 40));
  if (!header) throw new Error("unexpected PGM header");
  return { width: Number(header[1]), height: Number(header[2]), pixels: data.subarray(header[0].length) };
}

/** Share of non-white pixels in a box given in points from the page's top left. */
function inkShare(file: string, page: number, box: { x: number; y: number; width: number; height: number }): number {
  const dpi = 40;
  const { width, pixels } = greyPage(file, page, dpi);
  const s = dpi / 72;
  let ink = 0;
  let total = 0;
  for (let y = Math.round(box.y * s); y < Math.round((box.y + box.height) * s); y++) {
    for (let x = Math.round(box.x * s); x < Math.round((box.x + box.width) * s); x++) {
      total++;
      if (pixels[y * width + x] < 235) ink++;
    }
  }
  return ink / total;
}

function pngOfFirstPage(file: string): string {
  const prefix = join(dir, `png-${++counter}`);
  run("pdftoppm", ["-r", "40", "-png", "-f", "1", "-l", "1", file, prefix]);
  const name = readdirSync(dir).find((f) => f.startsWith(`png-${counter}`) && f.endsWith(".png"));
  if (!name) throw new Error("pdftoppm wrote no PNG");
  return join(dir, name);
}

/** A solid 24×12 PNG as a data: URL (for the logo). */
function pngDataUrl(): string {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const width = 24;
  const height = 12;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set([15, 118, 110], y * (1 + width * 3) + 1 + x * 3);
  }
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString("base64")}`;
}

describe("renderReportPdf", () => {
  it("renders a grouped report: header, KPIs, one line per model, and a paginated table", async () => {
    const sample = modelMetricsReport(90, 3);
    const rows = sample.rows;
    // Totals as the engine gives them, unlike any mean or sum of the rows, so the tiles can only show these.
    const meta = withMeta(sample.meta, {
      totals: {
        rows: 270,
        measures: [
          { key: "avg_accuracy", label: "Average accuracy", kind: "avg", value: 0.8765 },
          { key: "p95_latency_ms", label: "95th percentile latency", kind: "p95", value: 412 },
          { key: "sum_prediction_count", label: "Total predictions", kind: "sum", value: 4_321_000 },
        ],
      },
    });
    const file = await renderToFile(meta, rows, { template: "detailed" });
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(1);

    const first = pageText(file, 1);
    expect(first).toContain("Model accuracy, last 90 days");
    expect(first).toContain("Jan 1, 2025 \u2013 Mar 31, 2025 (America/New_York)");
    expect(first).toContain("Filters: Model is one of churn-predictor, fraud-detector, lead-scorer");
    expect(first).toContain("Generated Apr 1, 2025, 9:05 AM UTC-04:00 (America/New_York)");
    expect(first).toContain(`Page 1 of ${pages}`);
    expect(first).toContain("Chartroom \u00b7 Acme Analytics");
    // KPI tiles: the totals given, each saying what it is.
    expect(first).toContain(formatCell(0.8765, { type: "number", format: "percent" }, "UTC"));
    expect(first).toContain("4,321,000");
    expect(first).toContain("average over the range");
    expect(first).toContain("95th percentile over the range");
    expect(first).toContain("total over the range");
    // The chart: title, legend (one series per model) and axis ticks.
    expect(first).toContain("Average accuracy by Day and Model");
    for (const model of ["churn-predictor", "fraud-detector", "lead-scorer"]) expect(first).toContain(model);
    expect(first).toMatch(/\b(80|85|90|95)%/);
    expect(first).toMatch(/Jan \d{1,2}\s/);
    // The smaller charts for the other measures.
    expect(first).toContain("95th percentile latency by Day and Model");
    expect(first).toContain("Total predictions by Day and Model");
    // Formatted table values.
    expect(first).toContain("91.3%");
    expect(first).toContain("12,000");
    expect(first).toMatch(/\d+ ms/);

    // The header row is repeated on the next page, and the footer counts pages.
    const second = pageText(file, 2);
    for (const label of ["Day", "Model", "Average accuracy", "95th percentile latency", "Total predictions"]) {
      expect(second).toContain(label);
    }
    expect(second).toContain(`Page 2 of ${pages}`);
    expect(pageText(file, pages)).toContain(`Page ${pages} of ${pages}`);
    // Every row made it into the table: all 270 rows over all pages, 90 per model.
    expect(pageText(file).match(/\d{4}\s+churn-predictor\s+\d/g)?.length).toBe(90);

    // The chart area of page 1 is drawn, not blank.
    expect(inkShare(file, 1, { x: 36, y: 240, width: 520, height: 180 })).toBeGreaterThan(0.01);
    const png = pngOfFirstPage(file);
    // ~38 KB with the charts drawn; the same page with only a "No data" box is ~15 KB.
    expect(statSync(png).size).toBeGreaterThan(25_000);
  });

  it("renders a wide raw table in landscape with the header on every page and the row-cap note", async () => {
    const { meta, rows } = eventsReport(1_500, 5_000);
    const file = await renderToFile(meta, rows);
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(10);
    const size = pageSize(file);
    expect(size.width).toBeGreaterThan(size.height);

    const first = pageText(file, 1);
    expect(first).toContain("Data (first 1,500 of 5,000 rows)");
    expect(first).toContain("$1,234.50");
    expect(first).toContain("1.2 s");
    // Instants in the workspace's zone: 05:00 UTC is midnight in New York.
    expect(first).toContain("Jan 1, 2025, 12:00 AM");
    expect(first).toContain("Revenue by Time");
    // Long text is cut with an ellipsis to keep rows on one line (or fits whole).
    expect(first).toMatch(/checkout_completed_with_a_rather_long_event_name(_for_truncation|\S*\u2026)/);

    for (const page of [2, Math.floor(pages / 2), pages]) {
      const text = pageText(file, page);
      for (const label of ["Time", "Event type", "User ID", "Plan", "Country", "Duration", "Revenue"]) {
        expect(text).toContain(label);
      }
      expect(text).toContain(`Page ${page} of ${pages}`);
    }
    expect(flat(pageText(file, pages))).toContain(
      "Showing the first 1,500 of 5,000 rows. Download CSV or XLSX for all rows.",
    );
    expect(pageText(file).match(/user_\d+/g)?.length).toBe(1_500);
  });

  it("renders markup in names as literal text, and an empty report with placeholders", async () => {
    const { meta } = modelMetricsReport(1, 1);
    const hostile = withMeta(meta, {
      reportName: "<script>alert(1)</script>",
      description: "<b>not bold</b> & <img src=x onerror=alert(1)>",
      totalRows: 0,
      filters: [],
    });
    const file = await renderToFile(hostile, []);
    expect(pageCount(file)).toBe(1);
    const text = pageText(file, 1);
    expect(text).toContain("<script>alert(1)</script>");
    expect(text).toContain("<b>not bold</b> & <img src=x onerror=alert(1)>");
    expect(text).toContain("No filters");
    expect(text).toContain("No data to chart");
    expect(text).toContain("No rows for this time range and these filters.");
    expect(text).toContain("Data (0 rows)");
    expect(text).toContain("Page 1 of 1");
    // The placeholder box is drawn where the chart would be.
    expect(inkShare(file, 1, { x: 36, y: 215, width: 524, height: 230 })).toBeGreaterThan(0.002);
  });

  it("shows only the top 25 rows in the executive template, with the note", async () => {
    const { meta, rows } = modelMetricsReport(90, 3);
    const file = await renderToFile(meta, rows, { template: "executive" });
    const text = pageText(file);
    expect(text).toContain("Top 25 of 270 rows");
    expect(flat(text)).toContain("Showing the first 25 of 270 rows. Download CSV or XLSX for all rows.");
    expect(text.match(/Jan \d+, 2025\s+(churn-predictor|fraud-detector|lead-scorer)\s+\d/g)?.length).toBe(25);
    expect(text).toContain("Total predictions by Day and Model");
    expect(pageCount(file)).toBeLessThanOrEqual(3);
  });

  it("uses given KPIs, draws the logo, and streams", async () => {
    const { meta, rows } = modelMetricsReport(14, 2);
    const branded = withMeta(meta, {
      workspace: { ...meta.workspace, name: "Globex", brandColor: "#be123c", logoUrl: pngDataUrl() },
      chart: { type: "bar", x: "period", y: ["sum_prediction_count"] },
    });
    const kpis = [
      { label: "Revenue", value: "$9,999.00" },
      { label: "Active models", value: "2" },
    ];
    const stream = await renderReportPdf(branded, rows, { kpis, template: "executive" });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const file = join(dir, "streamed.pdf");
    writeFileSync(file, pdf);
    const text = pageText(file, 1);
    expect(text).toContain("$9,999.00");
    expect(text).toContain("Active models");
    expect(text).not.toContain("over the range");
    expect(text).toContain("Globex");
    expect(text).toContain("Total predictions by Day and Model");
    expect(run("pdfimages", ["-list", file])).toMatch(/^\s*1\s+\d+\s+image\s+24\s+12\s/m);
  });

  it("ignores logos it cannot use instead of failing", async () => {
    const { meta, rows } = modelMetricsReport(3, 1);
    for (const logoUrl of ["https://example.com/logo.png", "/nonexistent/logo.png", "data:image/png;base64,AAAA"]) {
      const file = await renderToFile(withMeta(meta, { workspace: { ...meta.workspace, logoUrl } }), rows);
      expect(pageCount(file)).toBe(1);
    }
  });

  it("draws a pie, and keeps at most 8 series with a note", async () => {
    const { meta, rows } = modelMetricsReport(5, 3);
    const pie = await renderToFile(
      withMeta(meta, { chart: { type: "pie", x: "model_name", y: ["sum_prediction_count"] } }),
      rows,
    );
    const pieText = pageText(pie, 1);
    expect(pieText).toContain("Total predictions by Model");
    expect(pieText).toMatch(/\d+\.\d%/);

    const manyModels: ExportRow[] = [];
    for (let d = 0; d < 10; d++) {
      for (let m = 0; m < 12; m++) {
        manyModels.push({
          period: `2025-01-${String(d + 1).padStart(2, "0")}`,
          model_name: `model-${m}`,
          avg_accuracy: 0.8 + m / 100,
          p95_latency_ms: 100,
          sum_prediction_count: 10 + m,
        });
      }
    }
    const averaged = buildCharts(meta, manyModels, "UTC", 3);
    expect(averaged[0].kind).toBe("cartesian");
    if (averaged[0].kind === "cartesian") {
      expect(averaged[0].series).toHaveLength(8);
      expect(averaged[0].notes.join(" ")).toContain("4 more series not shown");
    }
    const summed = buildCharts(
      withMeta(meta, { chart: { type: "bar", x: "period", y: ["sum_prediction_count"] } }),
      manyModels,
      "UTC",
      1,
    );
    if (summed[0].kind !== "cartesian") throw new Error("expected a cartesian chart");
    expect(summed[0].series.map((s) => s.label)).toContain("Other");
    expect(summed[0].series).toHaveLength(8);
    // "Other" holds the 5 smallest models' totals per day: 10+11+12+13+14.
    expect(summed[0].series.find((s) => s.label === "Other")?.values[0]).toBe(60);

    const file = await renderToFile(meta, manyModels);
    expect(pageText(file, 1)).toContain("4 more series not shown");
  });

  it("renders a ~500-page detailed PDF with three charts and 20,000 rows in a few seconds", async () => {
    const { meta, rows } = hourlyModelReport(PDF_TABLE_ROW_CAP, 48_000);
    const started = performance.now();
    const file = await renderToFile(meta, rows, { template: "detailed" });
    const elapsed = performance.now() - started;
    const pages = pageCount(file);
    console.info(`PDF: ${rows.length} rows, 3 charts, ${pages} pages in ${Math.round(elapsed)} ms`);
    // About 40 rows a landscape page, the charts on the first.
    expect(pages).toBeGreaterThan(450);
    expect(pages).toBeLessThan(560);

    // Where each row lands, as the renderer planned it: the page's text must hold exactly those rows.
    const tz = meta.workspace.timezone;
    const planned = paginate(buildBlocks(meta, rows, { template: "detailed", chartRows: rows }, tz));
    expect(planned).toHaveLength(pages);
    const tableOn = (page: number) => {
      const block = planned[page - 1].find((b) => b.kind === "table");
      if (block?.kind !== "table") throw new Error(`no table on page ${page}`);
      return block;
    };
    const [hour, , , , predictions] = meta.columns;
    const line = (i: number) =>
      new RegExp(
        [
          formatCell(rows[i].period, hour, tz),
          String(rows[i].model_name),
          formatCell(rows[i].sum_prediction_count, predictions, tz),
        ]
          .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join("[^\\n]*"),
      );
    expect(predictions.key).toBe("sum_prediction_count");
    const middle = 250;
    const inMiddle = tableOn(middle);
    const texts = { first: pageText(file, 1, 2), middle: pageText(file, middle), last: pageText(file, pages) };
    expect(texts.first).toMatch(line(0));
    expect(texts.middle).toMatch(line(inMiddle.from));
    expect(texts.middle).toMatch(line(inMiddle.to - 1));
    expect(texts.middle).not.toMatch(line(inMiddle.to));
    expect(texts.middle).toContain(`Page ${middle} of ${pages}`);
    expect(texts.middle).toContain("Total predictions");
    expect(tableOn(pages).to).toBe(PDF_TABLE_ROW_CAP);
    expect(texts.last).toMatch(line(PDF_TABLE_ROW_CAP - 1));
    expect(flat(texts.first)).toContain("Data (first 20,000 of 48,000 rows)");
    expect(flat(texts.last)).toContain("Showing the first 20,000 of 48,000 rows. Download CSV or XLSX for all rows.");
    // Generous bound: the target is under 5 s on two cores; CI machines are shared.
    expect(elapsed).toBeLessThan(30_000);
  });
});

describe("PDF text helpers", () => {
  it("formats cells like the report preview, with full currency precision", () => {
    const tz = "America/New_York";
    expect(formatCell(0.913, { type: "number", format: "percent" }, tz)).toBe("91.3%");
    expect(formatCell(1234.5, { type: "number", format: "currency", unit: "USD" }, tz)).toBe("$1,234.50");
    expect(formatCell(1234567, { type: "integer", format: "integer" }, tz)).toBe("1,234,567");
    expect(formatCell(null, { type: "integer", format: "integer" }, tz)).toBe("\u2014");
    expect(formatCell("2025-03-09 02:00", { type: "hour", format: "hour" }, tz)).toBe("Mar 9, 2025 02:00");
    expect(pdfText(formatCell(new Date("2025-07-01T16:30:00Z"), { type: "datetime", format: "datetime" }, tz))).toBe(
      "Jul 1, 2025, 12:30 PM",
    );
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1234)).toBe("1.2 s");
    expect(formatDuration(204_000)).toBe("3.4 min");
  });

  it("keeps text inside what the built-in Helvetica can draw", () => {
    expect(pdfText("a\u202fb \u2212 5 \u65e5\u672c \u2014 caf\u00e9 \u2026")).toBe(
      "a b - 5 ?? \u2014 caf\u00e9 \u2026",
    );
    expect(pdfText("line\nbreak\ttab")).toBe("line break tab");
    expect(truncate("a fairly long piece of text", 40, 8)).toMatch(/\u2026$/);
    expect(truncate("short", 100, 8)).toBe("short");
    const lines = wrapLines("one two three four five six seven eight nine ten", 60, 8, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/\u2026$/);
  });
});

describe("comparison template", () => {
  it("sets both periods side by side, and says so when the earlier one is empty", async () => {
    const { meta, rows } = modelMetricsReport(30, 3);
    const earlier = rows.map((r) => ({ ...r, sum_prediction_count: Number(r.sum_prediction_count) / 2 }));
    const totals = (predictions: number) => ({
      rows: 90,
      measures: [{ key: "sum_prediction_count", label: "Total predictions", kind: "sum" as const, value: predictions }],
    });
    const file = await renderToFile(
      withMeta(meta, { range: { from: "2025-01-31", to: "2025-03-01", timezone: "UTC" }, totals: totals(2_000_000) }),
      rows,
      {
        template: "comparison",
        previous: {
          from: "2025-01-01",
          to: "2025-01-30",
          rows: earlier,
          totalRows: earlier.length,
          totals: totals(1_000_000),
        },
      },
    );
    const text = flat(pageText(file, 1));
    expect(text).toContain("Compared with Jan 1, 2025 \u2013 Jan 30, 2025");
    expect(text).toContain("This period \u00b7 Jan 31, 2025 \u2013 Mar 1, 2025");
    expect(text).toContain("Previous period \u00b7 Jan 1, 2025 \u2013 Jan 30, 2025");
    // Twice the predictions: +100% on the volume tile.
    expect(text).toContain("+100.0%");
    const all = flat(pageText(file));
    expect(all).toContain("Top rows, Jan 31, 2025 \u2013 Mar 1, 2025 (10 of 90 rows)");
    expect(all).toContain("Top rows, Jan 1, 2025 \u2013 Jan 30, 2025 (10 of 90 rows)");

    const nothing = { rows: 0, measures: [{ ...totals(0).measures[0], value: null }] };
    const empty = await renderToFile(withMeta(meta, { totals: totals(2_000_000) }), rows, {
      template: "comparison",
      previous: { from: "2024-10-03", to: "2024-12-31", rows: [], totalRows: 0, totals: nothing },
    });
    const emptyText = flat(pageText(empty));
    expect(emptyText).toContain("No data to chart");
    expect(emptyText).toContain("No rows in this period.");
    expect(emptyText).toContain("vs \u2014");
    await expect(renderReportPdfBuffer(meta, rows, { template: "comparison" })).rejects.toThrow(/previous period/);
  });
});
