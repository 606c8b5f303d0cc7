import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { checkDefinition } from "../reports/check";
import { OTHER_SERIES_COLOR, seriesColors } from "../reports/palette";
import type { ChartSeriesResult } from "../reports/types";
import { seeded } from "../../testing/db";
import { TEST_NOW } from "../../testing/fixtures";
import { chartSeries } from "./chart-series";
import { createExportJob, findJob } from "./jobs";
import { prepareExport } from "./pipeline";
import { exportStorage } from "./storage";
import { runJob } from "./worker";
import { claimExportJob } from "../../testing/exports";
import { cellRange, chartXml } from "./xlsx-chart";
import { CHART_DATA_SHEET, DIRECT_CHART_MAX_ROWS } from "./xlsx-chart-data";

const dir = mkdtempSync(join(tmpdir(), "chartroom-xlsx-chart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const range = { type: "absolute", from: "2026-01-05", to: "2026-04-05" };
const weeklyByPlan = {
  dataset: "usage_events",
  timeBucket: "week",
  groupBy: ["plan"],
  measures: [{ fn: "count" }],
  timeRange: range,
  chart: { type: "bar", x: "period", y: ["count"] },
};

interface Exported {
  file: string;
  workbook: ExcelJS.Workbook;
  engine: ChartSeriesResult;
}

/** Exports the report as XLSX through the pipeline; the engine's series computed on their own, to compare with. */
async function exportXlsx(definition: Record<string, unknown>, name: string): Promise<Exported> {
  const { conn, acme } = seeded();
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: acme.id } });
  const report = checkDefinition(definition, { timezone: "UTC", now: TEST_NOW });
  const prepared = await prepareExport(conn, acme.id, workspace, report, { name, description: "" }, { format: "xlsx" });
  const file = join(dir, `${name.replace(/\W+/g, "-")}.xlsx`);
  writeFileSync(file, Buffer.from(await new Response(prepared.body).arrayBuffer()));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return { file, workbook, engine: await chartSeries(conn, report, acme.id, workspace) };
}

/** A part of the package, read by Info-ZIP's unzip, not by the library that wrote it. */
function part(file: string, name: string): string {
  // unzip reads names as patterns: brackets are escaped to match themselves.
  return execFileSync("unzip", ["-p", file, name.replace(/[[\]]/g, "\\$&")], { encoding: "utf8" });
}

function attr(xml: string, element: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}\\b[^>]*\\b${name}="([^"]*)"`, "g"))].map((m) => m[1]);
}

const unescape = (s: string) =>
  s
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The chart part reached as Excel reaches it: Summary sheet → drawing → chart. */
function chartPart(file: string): string {
  const types = part(file, "[Content_Types].xml");
  const sheetRels = part(file, "xl/worksheets/_rels/sheet1.xml.rels");
  const drawingTarget = /Type="[^"]*\/drawing" Target="\.\.\/drawings\/([^"]+)"/.exec(sheetRels)?.[1];
  expect(drawingTarget).toBeDefined();
  const sheet = part(file, "xl/worksheets/sheet1.xml");
  const drawingRel = /<Relationship Id="([^"]+)"[^>]*Target="\.\.\/drawings\//.exec(sheetRels)![1];
  expect(sheet).toContain(`<drawing r:id="${drawingRel}"/>`);
  const drawing = part(file, `xl/drawings/${drawingTarget}`);
  const chartRel = /<c:chart [^>]*r:id="([^"]+)"/.exec(drawing)?.[1];
  expect(chartRel).toBeDefined();
  expect(drawing).toContain("<xdr:graphicFrame");
  const drawingRels = part(file, `xl/drawings/_rels/${drawingTarget}.rels`);
  const chartTarget = new RegExp(`Id="${chartRel}" Type="[^"]*/chart" Target="\\.\\./charts/([^"]+)"`).exec(
    drawingRels,
  )?.[1];
  expect(chartTarget).toBeDefined();
  expect(types).toContain(
    `<Override PartName="/xl/charts/${chartTarget}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`,
  );
  expect(types).toContain(
    `<Override PartName="/xl/drawings/${drawingTarget}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`,
  );
  const chart = part(file, `xl/charts/${chartTarget}`);
  // c:chartSpace children in the schema's order, and every axis id paired with its axis.
  expect(chart).toMatch(
    /^<\?xml[^>]*>\s*<c:chartSpace [^>]*><c:date1904 val="0"\/><c:lang val="[^"]+"\/><c:roundedCorners val="0"\/><c:chart>(<c:title>.*<\/c:title>)?<c:autoTitleDeleted val="[01]"\/><c:plotArea><c:layout\/>.*<\/c:plotArea><c:legend>.*<\/c:legend><c:plotVisOnly val="1"\/><c:dispBlanksAs val="gap"\/><\/c:chart><c:spPr>.*<\/c:spPr><\/c:chartSpace>$/s,
  );
  const used = attr(chart.replace(/<c:(catAx|valAx)>.*?<\/c:\1>/gs, ""), "c:axId", "val");
  const axes = [...chart.matchAll(/<c:(catAx|valAx)><c:axId val="(\d+)"\/>.*?<c:crossAx val="(\d+)"\/>/gs)];
  expect(axes.map((m) => m[2]).sort()).toEqual([...used].sort());
  for (const [, , id, cross] of axes) expect(cross).not.toBe(id);
  return chart;
}

interface SeriesXml {
  nameRef: string;
  nameCache: string;
  catRef: string;
  valRef: string;
  /** The series' own colour; a pie colours its slices instead. */
  color: string | null;
  pointColors: string[];
  valCache: Map<number, number>;
}

function seriesOf(chart: string): SeriesXml[] {
  return [...chart.matchAll(/<c:ser>(.*?)<\/c:ser>/gs)].map(([, ser]) => {
    const valXml = /<c:val>(.*?)<\/c:val>/s.exec(ser)![1];
    return {
      nameRef: unescape(/<c:tx><c:strRef><c:f>(.*?)<\/c:f>/.exec(ser)![1]),
      nameCache: unescape(/<c:tx>.*?<c:v>(.*?)<\/c:v>/s.exec(ser)![1]),
      catRef: unescape(/<c:cat><c:(?:str|num)Ref><c:f>(.*?)<\/c:f>/.exec(ser)![1]),
      valRef: unescape(/<c:val><c:numRef><c:f>(.*?)<\/c:f>/.exec(ser)![1]),
      color:
        /^<c:idx[^>]*\/><c:order[^>]*\/><c:tx>.*?<\/c:tx><c:spPr>.*?<a:srgbClr val="([0-9A-F]{6})"/s.exec(ser)?.[1] ??
        null,
      pointColors: [...ser.matchAll(/<c:dPt>.*?<a:srgbClr val="([0-9A-F]{6})"/gs)].map((m) => m[1]),
      valCache: new Map([...valXml.matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v>/g)].map((m) => [+m[1], +m[2]])),
    };
  });
}

/** The cells a reference names, read back with exceljs. */
function cells(workbook: ExcelJS.Workbook, ref: string): { sheet: string; values: ExcelJS.CellValue[] } {
  const m = /^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$/.exec(ref);
  expect(m, ref).not.toBeNull();
  const [, quoted, column, first, column2, last] = m!;
  if (column2) expect(column2).toBe(column);
  const sheet = quoted.replace(/''/g, "'");
  const ws = workbook.getWorksheet(sheet);
  expect(ws, sheet).toBeDefined();
  const values: ExcelJS.CellValue[] = [];
  for (let r = Number(first); r <= Number(last ?? first); r++) values.push(ws!.getCell(`${column}${r}`).value);
  return { sheet, values };
}

const hex = (color: string) => color.replace("#", "").toUpperCase();

/** A category cell as the engine gives the point's x: a date cell is the period's start. */
function category(value: ExcelJS.CellValue): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value === null ? null : String(value);
}

/** Checks that every series points at cells holding exactly the engine's names, categories and values. */
function expectBoundToEngine(exported: Exported, expectedSheet: string): SeriesXml[] {
  const { file, workbook, engine } = exported;
  const chart = chartPart(file);
  const series = seriesOf(chart);
  expect(series).toHaveLength(engine.series.length);
  const categories = cells(workbook, series[0].catRef);
  expect(categories.sheet).toBe(expectedSheet);
  expect(categories.values.map(category)).toEqual(engine.points.map((p) => String(p.x).slice(0, 10)));
  series.forEach((s, k) => {
    expect(s.catRef).toBe(series[0].catRef);
    const name = cells(workbook, s.nameRef);
    expect(name.sheet).toBe(expectedSheet);
    expect(name.values).toEqual([s.nameCache]);
    const values = cells(workbook, s.valRef);
    expect(values.sheet).toBe(expectedSheet);
    const key = engine.series[k].key;
    expect(values.values).toEqual(engine.points.map((p) => p[key] ?? null));
    values.values.forEach((v, i) => expect(s.valCache.get(i) ?? null).toBe(v));
    expect(s.color).toBe(hex(engine.series[k].color));
  });
  return series;
}

describe("XLSX native chart", () => {
  it("a grouped bar chart: one series per plan from the Chart data sheet, coloured by the palette", async () => {
    const exported = await exportXlsx(weeklyByPlan, "Weekly events by plan");
    const { engine, workbook, file } = exported;
    expect(engine.series.map((s) => s.label)).toEqual(["enterprise", "free", "pro", "starter"]);
    const series = expectBoundToEngine(exported, CHART_DATA_SHEET);
    expect(series.map((s) => s.nameCache)).toEqual(["enterprise", "free", "pro", "starter"]);
    const palette = seriesColors(["enterprise", "free", "pro", "starter"]);
    expect(series.map((s) => s.color)).toEqual(engine.series.map((s) => hex(palette.get(s.label)!)));
    // A sheet name with a space is quoted in every reference.
    expect(series[0].catRef).toBe(cellRange(CHART_DATA_SHEET, "A", 2, engine.points.length + 1));
    expect(series[0].catRef.startsWith("'Chart data'!$A$2:$A$")).toBe(true);
    expect(part(file, "xl/charts/chart1.xml")).toContain('<c:barChart><c:barDir val="col"/>');
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Summary", "Data", CHART_DATA_SHEET]);
  });

  it("a line chart whose rows are its points is bound to the Data sheet itself", async () => {
    const exported = await exportXlsx(
      { ...weeklyByPlan, groupBy: [], chart: { type: "line", x: "period", y: ["count"] } },
      "Weekly events",
    );
    const series = expectBoundToEngine(exported, "Data");
    expect(series[0].catRef).toBe(`'Data'!$A$2:$A$${exported.engine.points.length + 1}`);
    expect(series[0].nameCache).toBe(exported.workbook.getWorksheet("Data")!.getCell("B1").value);
    expect(exported.workbook.worksheets.map((w) => w.name)).toEqual(["Summary", "Data"]);
    expect(part(exported.file, "xl/charts/chart1.xml")).toContain("<c:lineChart>");
  });

  it("rows that are not the chart's points in its order are not charted from the Data sheet", async () => {
    const exported = await exportXlsx(
      {
        ...weeklyByPlan,
        groupBy: [],
        sort: [{ key: "period", dir: "desc" }],
        chart: { type: "line", x: "period", y: ["count"] },
      },
      "Weekly events, newest first",
    );
    expectBoundToEngine(exported, CHART_DATA_SHEET);
    // The chart still runs forward in time, from the engine's series.
    const dates = exported.engine.points.map((p) => String(p.x));
    expect(dates).toEqual([...dates].sort());
  });

  it("a report without a chart has no drawing", async () => {
    const { file, workbook } = await exportXlsx({ ...weeklyByPlan, chart: { type: "none" } }, "No chart");
    const parts = execFileSync("unzip", ["-Z1", file], { encoding: "utf8" });
    expect(parts).not.toMatch(/xl\/(charts|drawings)\//);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Summary", "Data"]);
  });

  it("an area chart with its smaller series folded into Other, in Other's colour", async () => {
    const exported = await exportXlsx(
      { ...weeklyByPlan, groupBy: ["country"], chart: { type: "area", x: "period", y: ["count"] } },
      "Weekly events by country",
    );
    const series = expectBoundToEngine(exported, CHART_DATA_SHEET);
    expect(series.at(-1)!.nameCache).toBe("Other");
    expect(series.at(-1)!.color).toBe(hex(OTHER_SERIES_COLOR));
    expect(part(exported.file, "xl/charts/chart1.xml")).toContain("<c:areaChart>");
    // The Summary says what the chart combines.
    const notes: string[] = [];
    exported.workbook.getWorksheet("Summary")!.eachRow((row) => notes.push(String(row.getCell(2).value)));
    expect(notes.join(" ")).toMatch(/combined as "Other"/);
  });

  it("a pie chart: one slice per plan, each in its palette colour", async () => {
    const exported = await exportXlsx(
      { ...weeklyByPlan, timeBucket: null, chart: { type: "pie", x: "plan", y: ["count"] } },
      "Events by plan",
    );
    const { engine, workbook, file } = exported;
    const chart = chartPart(file);
    expect(chart).toContain('<c:pieChart><c:varyColors val="1"/>');
    const [pie, ...more] = seriesOf(chart);
    expect(more).toHaveLength(0);
    expect(cells(workbook, pie.catRef).values).toEqual(engine.slices.map((s) => s.label));
    expect(cells(workbook, pie.valRef).values).toEqual(engine.slices.map((s) => s.value));
    expect(cells(workbook, pie.nameRef).values).toEqual([pie.nameCache]);
    expect(pie.pointColors).toEqual(engine.slices.map((s) => hex(s.color)));
    const palette = seriesColors(engine.slices.map((s) => s.label));
    expect(pie.pointColors).toEqual(engine.slices.map((s) => hex(palette.get(s.label)!)));
    expect(cells(workbook, pie.catRef).sheet).toBe(CHART_DATA_SHEET);
  });

  it("a result too long to chart from its rows is charted from the engine's series on their own sheet", async () => {
    const exported = await exportXlsx(
      {
        ...weeklyByPlan,
        timeBucket: "hour",
        groupBy: [],
        limit: 5000,
        chart: { type: "line", x: "period", y: ["count"] },
      },
      "Hourly events",
    );
    const rows = exported.workbook.getWorksheet("Data")!.rowCount - 1;
    expect(rows).toBeGreaterThan(DIRECT_CHART_MAX_ROWS);
    const series = expectBoundToEngine(exported, CHART_DATA_SHEET);
    // Hours: the categories are the engine's instants, to the minute.
    const categories = cells(exported.workbook, series[0].catRef).values as Date[];
    expect(categories.map((d) => d.toISOString().slice(0, 16))).toEqual(
      exported.engine.points.map((p) => new Date(String(p.x)).toISOString().slice(0, 16)),
    );
  });

  it("a background export (as schedules send) carries the same chart", async () => {
    const { conn, acme } = seeded();
    const queued = await createExportJob(
      { workspaceId: acme.id, timezone: "UTC", actor: "tester@example.com" },
      { definition: weeklyByPlan, name: "Queued", format: "xlsx", options: { bom: false, template: "detailed" } },
    );
    await runJob(await claimExportJob(queued.id, "chart-test"), conn, "chart-test");
    const done = await findJob(acme.id, queued.id);
    expect(done.status).toBe("succeeded");
    const chunks: Buffer[] = [];
    for await (const c of await exportStorage().open(done.storageKey!)) chunks.push(c as Buffer);
    const file = join(dir, "queued.xlsx");
    writeFileSync(file, Buffer.concat(chunks));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: acme.id } });
    const report = checkDefinition(weeklyByPlan, { timezone: workspace.timezone, now: TEST_NOW });
    const engine = await chartSeries(conn, report, acme.id, workspace);
    const series = expectBoundToEngine({ file, workbook, engine }, CHART_DATA_SHEET);
    expect(series.map((s) => s.nameCache)).toEqual(["enterprise", "free", "pro", "starter"]);
  });

  it("chart text holds no character XML 1.0 forbids: such characters read as U+FFFD, as in the cells", () => {
    const hostile = "a\u0001b\uD800c\uFFFFd\uDC00e & <f>";
    const cellsOf = (values: (string | number | null)[]) => ({ ref: cellRange("Chart data", "A", 2, 3), values });
    const xml = chartXml({
      type: "bar",
      title: hostile,
      categories: cellsOf([hostile, "plain"]),
      series: [
        { name: { ref: cellRange("Chart data", "B", 1), text: hostile }, values: cellsOf([1, 2]), color: "#2563eb" },
      ],
      lang: "en-US",
    });
    expect(xml).not.toMatch(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDFFF]/);
    expect(xml).toContain("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe &amp; &lt;f&gt;");
  });

  it("references quote sheet names and double their quotes", () => {
    expect(cellRange("Bob's data", "A", 2, 15)).toBe("'Bob''s data'!$A$2:$A$15");
    expect(cellRange("Chart data", "C", 1)).toBe("'Chart data'!$C$1");
  });
});

const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((path) => existsSync(path));

// A real spreadsheet program draws the chart: its legend names every series. The chart is
// on the Summary sheet, the first page, where no series name is written in a cell.
describe.skipIf(!soffice)("XLSX native chart in LibreOffice", () => {
  it("draws every series of a grouped report", { timeout: 180_000 }, async () => {
    const { file, engine } = await exportXlsx(weeklyByPlan, "Plans per week");
    const out = mkdtempSync(join(dir, "soffice-"));
    execFileSync(
      soffice!,
      [`-env:UserInstallation=file://${out}/profile`, "--headless", "--convert-to", "pdf", "--outdir", out, file],
      { env: { ...process.env, HOME: out }, stdio: "ignore", timeout: 150_000 },
    );
    const pdf = join(out, "Plans-per-week.pdf");
    const first = execFileSync("pdftotext", ["-f", "1", "-l", "1", "-layout", pdf, "-"], { encoding: "utf8" });
    expect(first).toContain(engine.title);
    for (const s of engine.series) expect(first).toMatch(new RegExp(`\\b${s.label}\\b`));
  });
});
