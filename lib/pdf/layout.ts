// Page planning of report PDFs: every block's height is known up front (text wrapped with
// Helvetica's metrics, table rows one line each), so pages are cut here, not by react-pdf.
/** Rows a PDF table shows at most; callers cap the rows they pass to this. */
export const PDF_TABLE_ROW_CAP = 20_000;
/** Rows a PDF's charts read at most: the whole result of nearly every report. */
export const PDF_CHART_ROW_CAP = 20_000;
/** Rows the executive template's table shows. */
export const EXECUTIVE_TABLE_ROWS = 25;
/** Columns above which pages turn landscape. */
export const LANDSCAPE_COLUMNS = 6;
import type { ExportMeta, ExportRow } from "../reports/file-meta";
import { partialBucketsMessage } from "../reports/time-range";
import type { Notice, ReportTotals } from "../reports/types";
import { formatCell } from "../format/cells";
import { buildCharts, type ChartModel } from "./chart-data";
import { formatDate, formatDateTimeWithZone } from "../format/dates";
import { formatInteger } from "../format/numbers";
import { comparisonKpis, deriveKpis, type Kpi } from "./kpis";
import { planTable, TABLE_HEADER_HEIGHT, TABLE_ROW_HEIGHT, type TablePlan } from "./table";
import type { PdfTemplate } from "./templates";
import { pdfText, wrapLines } from "./text-metrics";

export type { PdfTemplate } from "./templates";

export interface RenderPdfOptions {
  template?: PdfTemplate;
  /** Headline numbers to show instead of those derived from the rows. */
  kpis?: { label: string; value: string }[];
  /** The rows the charts are drawn from, when more than the table's. */
  chartRows?: ExportRow[];
  /** The comparison template's earlier period: the same report over the range of equal length before. */
  previous?: ComparedPeriod;
}

export interface ComparedPeriod {
  /** Inclusive local dates. */
  from: string;
  to: string;
  rows: ExportRow[];
  totalRows: number | null;
  /** The engine's headline figures over the whole earlier period. */
  totals?: ReportTotals | null;
}

/** Rows of each period the comparison template lists. */
export const COMPARISON_TABLE_ROWS = 10;
const COMPARISON_CHART_HEIGHT = 195;

export const INK = "#111827";
export const MUTED = "#6b7280";
export const DELTA_COLORS = { good: "#047857", bad: "#b91c1c", neutral: INK } as const;
export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN_X = 36;
export const CONTENT_TOP = 56;
export const CONTENT_BOTTOM = 40;
const MAX_CHARTS = 3;
const MIN_TABLE_ROWS = 3;

const TITLE = { size: 17, line: 21, lines: 2 };
const DESCRIPTION = { size: 9, line: 12.5, lines: 4 };
const INFO = { size: 8, line: 11 };
const MAIN_CHART_HEIGHT = 250;
const MIN_MAIN_CHART_HEIGHT = 140;
const SMALL_CHART_HEIGHT = 165;
export const KPI_HEIGHT = 56;
export const KPI_GAP = 8;
const MAX_KPIS_SHOWN = 8;
export const BLOCK_GAP = 12;
const SECTION_HEIGHT = 20;
const NOTE = { size: 8, line: 11 };

export interface Geometry {
  landscape: boolean;
  pageWidth: number;
  pageHeight: number;
  contentWidth: number;
  contentHeight: number;
}

export function geometry(columnCount: number): Geometry {
  const landscape = columnCount > LANDSCAPE_COLUMNS;
  const pageWidth = landscape ? A4.height : A4.width;
  const pageHeight = landscape ? A4.width : A4.height;
  return {
    landscape,
    pageWidth,
    pageHeight,
    contentWidth: pageWidth - 2 * MARGIN_X,
    contentHeight: pageHeight - CONTENT_TOP - CONTENT_BOTTOM,
  };
}

interface TextLine {
  text: string;
  size: number;
  height: number;
  bold?: boolean;
  color?: string;
}

export type Block =
  | { kind: "lines"; lines: TextLine[]; height: number }
  | { kind: "kpis"; kpis: Kpi[]; height: number }
  | { kind: "chart"; chart: ChartModel; height: number }
  | { kind: "chart-row"; charts: ChartModel[]; height: number }
  | { kind: "section"; title: string; height: number }
  | { kind: "table"; plan: TablePlan; from: number; to: number; height: number }
  | { kind: "empty-table"; message: string; height: number };

function linesBlock(lines: TextLine[], gapAfter: number): Block {
  return { kind: "lines", lines, height: lines.reduce((sum, l) => sum + l.height, 0) + gapAfter };
}

const periodLabel = (from: string, to: string, locale: string) =>
  `${formatDate(from, locale)} \u2013 ${formatDate(to, locale)}`;

/** Bucket values the report's notices call partial. */
function partialBuckets(meta: ExportMeta): Set<string> {
  return new Set(meta.notices.find((n) => n.code === "partial_buckets")?.buckets ?? []);
}

/**
 * A notice as the PDF states it: partial buckets are named like the table's bucket cells
 * (workspace locale and zone), not by the engine's ISO keys.
 */
function noticeText(meta: ExportMeta, notice: Notice, timeZone: string): string {
  const column = meta.columns.find((c) => c.kind === "bucket" && c.bucket);
  if (notice.code !== "partial_buckets" || !notice.buckets?.length || !column?.bucket) return notice.message;
  const labels = notice.buckets.map((key) => formatCell(key, column, timeZone, meta.workspace.locale));
  return partialBucketsMessage(column.bucket, labels);
}

function titleBlock(meta: ExportMeta, timeZone: string, width: number): Block {
  const lines: TextLine[] = [];
  const room = width - 2;
  for (const text of wrapLines(pdfText(meta.reportName) || "Untitled report", room, TITLE.size, TITLE.lines, "bold")) {
    lines.push({ text, size: TITLE.size, height: TITLE.line, bold: true });
  }
  const description = pdfText(meta.description.trim());
  if (description) {
    lines.push({ text: "", size: 4, height: 3 });
    for (const text of wrapLines(description, room, DESCRIPTION.size, DESCRIPTION.lines)) {
      lines.push({ text, size: DESCRIPTION.size, height: DESCRIPTION.line, color: "#374151" });
    }
  }
  lines.push({ text: "", size: 4, height: 5 });
  const info = (text: string, max = 1) =>
    wrapLines(pdfText(text), room, INFO.size, max).forEach((t) =>
      lines.push({ text: t, size: INFO.size, height: INFO.line, color: MUTED }),
    );
  info(`${periodLabel(meta.range.from, meta.range.to, meta.workspace.locale)} (${meta.range.timezone})`);
  info(meta.filters.length > 0 ? `Filters: ${meta.filters.join("; ")}` : "No filters", 3);
  info(`Generated ${formatDateTimeWithZone(meta.generatedAt, timeZone, meta.workspace.locale)} (${timeZone})`);
  for (const notice of meta.notices.slice(0, 3)) {
    wrapLines(pdfText(`Note: ${noticeText(meta, notice, timeZone)}`), room, INFO.size, 2).forEach((t) =>
      lines.push({ text: t, size: INFO.size, height: INFO.line, color: "#b45309" }),
    );
  }
  return linesBlock(lines, BLOCK_GAP + 2);
}

function kpiBlock(kpis: Kpi[]): Block {
  const shown = kpis.slice(0, MAX_KPIS_SHOWN);
  const rows = Math.ceil(shown.length / 4);
  return { kind: "kpis", kpis: shown, height: rows * KPI_HEIGHT + (rows - 1) * KPI_GAP + BLOCK_GAP };
}

/** "Showing the first N of M rows …" when the table holds fewer rows than the report has. */
export function rowCapNote(meta: ExportMeta, available: number, shown: number): string | null {
  const total = meta.totalRows === null ? null : Math.min(meta.totalRows, meta.limit);
  const advice = "Download CSV or XLSX for all rows.";
  if (total !== null && total > shown) {
    return `Showing the first ${formatInteger(shown, meta.workspace.locale)} of ${formatInteger(total, meta.workspace.locale)} rows. ${advice}`;
  }
  if (total === null && available > shown) {
    return `Showing the first ${formatInteger(shown, meta.workspace.locale)} of ${formatInteger(available, meta.workspace.locale)} rows. ${advice}`;
  }
  if (total === null && shown >= PDF_TABLE_ROW_CAP) {
    return `Showing the first ${formatInteger(shown, meta.workspace.locale)} rows; the report may have more. ${advice}`;
  }
  return null;
}

export interface Plan {
  geometry: Geometry;
  blocks: Block[];
}

export function buildBlocks(meta: ExportMeta, rows: ExportRow[], options: RenderPdfOptions, timeZone: string): Plan {
  const template = options.template ?? "detailed";
  const g = geometry(meta.columns.length);
  const blocks: Block[] = [titleBlock(meta, timeZone, g.contentWidth)];
  const total = meta.totalRows === null ? rows.length : Math.min(meta.totalRows, meta.limit);

  const tableRows = template === "executive" ? rows.slice(0, EXECUTIVE_TABLE_ROWS) : rows;
  const kpis: Kpi[] = options.kpis
    ? options.kpis.map((k) => ({ label: pdfText(k.label), value: pdfText(k.value) }))
    : deriveKpis(meta, tableRows.length, meta.workspace.locale);
  if (kpis.length > 0) blocks.push(kpiBlock(kpis));

  const chartRows = options.chartRows ?? rows;
  const charts = buildCharts(meta, chartRows, timeZone, MAX_CHARTS).map((chart) =>
    chart.kind !== "empty" && total > chartRows.length
      ? {
          ...chart,
          notes: [
            ...chart.notes,
            `Drawn from the first ${formatInteger(chartRows.length, meta.workspace.locale)} of ${formatInteger(total, meta.workspace.locale)} rows.`,
          ],
        }
      : chart,
  );
  if (charts.length > 0) {
    const rowHeight = SMALL_CHART_HEIGHT + BLOCK_GAP + 2;
    let mainHeight = MAIN_CHART_HEIGHT;
    if (charts.length > 1) {
      // Shrink the main chart (within reason) so the small charts share its page.
      const before = blocks.reduce((sum, b) => sum + b.height, 0);
      const room = g.contentHeight - before - rowHeight - BLOCK_GAP - 2;
      if (room >= MIN_MAIN_CHART_HEIGHT) mainHeight = Math.min(MAIN_CHART_HEIGHT, room);
    }
    blocks.push({ kind: "chart", chart: charts[0], height: mainHeight + BLOCK_GAP + 2 });
    if (charts.length > 1) blocks.push({ kind: "chart-row", charts: charts.slice(1), height: rowHeight });
  }

  const note = rowCapNote(meta, rows.length, tableRows.length);
  const plural = (n: number) => `${formatInteger(n, meta.workspace.locale)} ${n === 1 ? "row" : "rows"}`;
  const heading =
    tableRows.length >= total
      ? `Data (${plural(tableRows.length)})`
      : template === "executive"
        ? `Top ${formatInteger(tableRows.length, meta.workspace.locale)} of ${plural(total)}`
        : `Data (first ${formatInteger(tableRows.length, meta.workspace.locale)} of ${plural(total)})`;
  blocks.push({ kind: "section", title: heading, height: SECTION_HEIGHT });
  if (tableRows.length === 0) {
    blocks.push({ kind: "empty-table", message: "No rows for this time range and these filters.", height: 44 });
  } else {
    const plan = planTable(
      meta.columns,
      tableRows,
      timeZone,
      g.contentWidth,
      meta.workspace.locale,
      partialBuckets(meta),
    );
    blocks.push({ kind: "table", plan, from: 0, to: tableRows.length, height: 0 });
  }
  if (note) {
    const lines = wrapLines(note, g.contentWidth, NOTE.size, 3, "bold").map((text) => ({
      text,
      size: NOTE.size,
      height: NOTE.line,
      bold: true,
      color: "#92400e",
    }));
    blocks.push(linesBlock([{ text: "", size: 4, height: 6 }, ...lines], 0));
  }
  return { geometry: g, blocks };
}

/**
 * Two periods side by side: this report's range and the one of equal length before it.
 * Headline numbers with their change, each chart once per period (same size, next to
 * each other), then the top rows of each period.
 */
export function buildComparisonBlocks(
  meta: ExportMeta,
  rows: ExportRow[],
  previous: ComparedPeriod,
  timeZone: string,
  /** The rows each period's charts are drawn from, when more than its table's. */
  chartRows?: { now: ExportRow[]; before: ExportRow[] },
): Plan {
  const g = geometry(meta.columns.length);
  const blocks: Block[] = [];
  const current = { from: meta.range.from, to: meta.range.to };
  const title = titleBlock(meta, timeZone, g.contentWidth);
  if (title.kind === "lines") {
    // Right under the range line, so both ranges read together.
    title.lines.splice(
      title.lines.findIndex((l) => l.text.startsWith(pdfText(formatDate(meta.range.from, meta.workspace.locale)))) + 1,
      0,
      {
        text: `Compared with ${periodLabel(previous.from, previous.to, meta.workspace.locale)} (the previous period of equal length)`,
        size: INFO.size,
        height: INFO.line,
        bold: true,
        color: "#374151",
      },
    );
    title.height += INFO.line;
  }
  blocks.push(title);

  const total = meta.totalRows === null ? rows.length : Math.min(meta.totalRows, meta.limit);
  const previousTotal = previous.totalRows === null ? previous.rows.length : Math.min(previous.totalRows, meta.limit);
  if (meta.totals && previous.totals) {
    blocks.push(kpiBlock(comparisonKpis(meta.columns, meta.totals, previous.totals, meta.workspace.locale)));
  }

  const previousMeta = { ...meta, range: { ...meta.range, ...previous }, totalRows: previous.totalRows };
  const now = buildCharts(meta, chartRows?.now ?? rows, timeZone, 2);
  const before = buildCharts(previousMeta, chartRows?.before ?? previous.rows, timeZone, 2);
  const titled = (chart: ChartModel, which: string, from: string, to: string): ChartModel => ({
    ...chart,
    title: `${which} \u00b7 ${periodLabel(from, to, meta.workspace.locale)}`,
  });
  now.forEach((chart, i) => {
    const pair = [
      titled(chart, "This period", current.from, current.to),
      // An empty period yields one placeholder, not one per measure.
      titled(
        before[i] ?? { kind: "empty", title: chart.title, detail: "The report returned no rows." },
        "Previous period",
        previous.from,
        previous.to,
      ),
    ];
    blocks.push({ kind: "section", title: chart.title, height: SECTION_HEIGHT });
    blocks.push({ kind: "chart-row", charts: pair, height: COMPARISON_CHART_HEIGHT + BLOCK_GAP + 2 });
  });

  for (const period of [
    { ...current, rows, total },
    { ...previous, total: previousTotal },
  ]) {
    const shown = period.rows.slice(0, COMPARISON_TABLE_ROWS);
    const count = `${formatInteger(shown.length, meta.workspace.locale)} of ${formatInteger(period.total, meta.workspace.locale)} ${period.total === 1 ? "row" : "rows"}`;
    blocks.push({
      kind: "section",
      title: `Top rows, ${periodLabel(period.from, period.to, meta.workspace.locale)} (${count})`,
      height: SECTION_HEIGHT,
    });
    if (shown.length === 0) {
      blocks.push({ kind: "empty-table", message: "No rows in this period.", height: 44 });
    } else {
      const plan = planTable(
        meta.columns,
        shown,
        timeZone,
        g.contentWidth,
        meta.workspace.locale,
        partialBuckets(meta),
      );
      blocks.push({ kind: "table", plan, from: 0, to: shown.length, height: 0 });
      blocks.push(linesBlock([], BLOCK_GAP));
    }
  }
  return { geometry: g, blocks };
}

/**
 * Packs blocks into pages top to bottom. Tables split across pages (each piece gets the
 * header row); a section heading stays with the start of its table; anything else that
 * does not fit moves to the next page.
 */
export function paginate(plan: Plan): Block[][] {
  const available = plan.geometry.contentHeight;
  const pages: Block[][] = [[]];
  let used = 0;
  const newPage = () => {
    pages.push([]);
    used = 0;
  };
  const place = (block: Block) => {
    pages[pages.length - 1].push(block);
    used += block.height;
  };
  const blocks = plan.blocks;
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    if (block.kind === "table") {
      let from = block.from;
      while (from < block.to) {
        const fit = Math.floor((available - used - TABLE_HEADER_HEIGHT - 2) / TABLE_ROW_HEIGHT);
        if (fit < Math.min(MIN_TABLE_ROWS, block.to - from) && used > 0) {
          newPage();
          continue;
        }
        const to = Math.min(block.to, from + Math.max(fit, 1));
        place({ ...block, from, to, height: TABLE_HEADER_HEIGHT + (to - from) * TABLE_ROW_HEIGHT + 2 });
        from = to;
        if (from < block.to) newPage();
      }
      continue;
    }
    let needed = block.height;
    if (block.kind === "section") {
      const next = blocks[b + 1];
      needed +=
        next?.kind === "table"
          ? TABLE_HEADER_HEIGHT + Math.min(MIN_TABLE_ROWS, next.to - next.from) * TABLE_ROW_HEIGHT
          : (next?.height ?? 0);
    }
    if (used > 0 && used + needed > available) newPage();
    place(block);
  }
  return pages;
}
