// The data table, drawn straight onto the page with the PDF text operators (react-pdf's
// Canvas). One react-pdf <Text> per cell takes several seconds for a couple of thousand
// rows; drawing the cells of one page at once takes a few milliseconds.
import { Canvas } from "@react-pdf/renderer";
import type { ExportRow } from "../reports/file-meta";
import type { OutputColumn } from "../reports/types";
import type { CanvasPainter } from "./canvas-painter";
import { formatCell, isNumericColumn } from "../format/cells";
import { pdfText, textWidth, truncate } from "./text-metrics";

export const TABLE_FONT_SIZE = 7.5;
export const TABLE_ROW_HEIGHT = 12;
export const TABLE_HEADER_HEIGHT = 16;
const CELL_PADDING = 4;
const MIN_WIDTH = 34;
const MAX_NUMERIC_WIDTH = 120;
const MAX_TEXT_WIDTH = 260;
/** Rows measured to size columns; later rows are cut to the widths these give. */
const SAMPLE_ROWS = 300;

export interface TableColumn {
  key: string;
  /** Header text, already cut to fit. */
  label: string;
  width: number;
  align: "left" | "right";
}

export interface TablePlan {
  columns: TableColumn[];
  /** Cell text per row, already formatted and cut to fit its column. */
  cells: string[][];
  width: number;
}

/**
 * Column widths from the content: numbers and dates keep their natural width, text
 * columns share what is left, and everything shrinks proportionally when even that
 * does not fit.
 */
export function planTable(
  columns: OutputColumn[],
  rows: ExportRow[],
  timeZone: string,
  width: number,
  locale: string,
  /** Bucket values whose period the range cuts or that are not over yet. */
  partial: ReadonlySet<string> = new Set(),
): TablePlan {
  const cell = (row: ExportRow, c: OutputColumn) => {
    const text = pdfText(formatCell(row[c.key], c, timeZone, locale));
    return c.kind === "bucket" && partial.has(String(row[c.key])) ? `${text} (partial)` : text;
  };
  const formatted = rows.map((row) => columns.map((c) => cell(row, c)));
  const labels = columns.map((c) => pdfText(c.label));
  const natural = columns.map((c, i) => {
    let max = textWidth(labels[i], TABLE_FONT_SIZE, "bold");
    const sample = Math.min(formatted.length, SAMPLE_ROWS);
    for (let r = 0; r < sample; r++) max = Math.max(max, textWidth(formatted[r][i], TABLE_FONT_SIZE));
    const cap = c.type === "string" ? MAX_TEXT_WIDTH : MAX_NUMERIC_WIDTH;
    return Math.max(MIN_WIDTH, Math.min(cap, max + 2 * CELL_PADDING));
  });
  const flexible = columns.map((c) => c.type === "string");
  const fixedTotal = natural.reduce((sum, w, i) => sum + (flexible[i] ? 0 : w), 0);
  const flexTotal = natural.reduce((sum, w, i) => sum + (flexible[i] ? w : 0), 0);
  let widths: number[];
  if (fixedTotal + flexTotal <= width) {
    // Spare room goes to every column in proportion, so the table spans the page.
    const scale = width / (fixedTotal + flexTotal);
    widths = natural.map((w) => w * scale);
  } else if (flexTotal > 0 && fixedTotal + MIN_WIDTH * flexible.filter(Boolean).length <= width) {
    const scale = (width - fixedTotal) / flexTotal;
    widths = natural.map((w, i) => (flexible[i] ? Math.max(MIN_WIDTH, w * scale) : w));
    const overflow = widths.reduce((sum, w) => sum + w, 0) - width;
    if (overflow > 0) {
      const widest = widths.indexOf(Math.max(...widths));
      widths[widest] -= overflow;
    }
  } else {
    const scale = width / (fixedTotal + flexTotal);
    widths = natural.map((w) => w * scale);
  }

  const tableColumns: TableColumn[] = columns.map((c, i) => ({
    key: c.key,
    label: truncate(labels[i], widths[i] - 2 * CELL_PADDING, TABLE_FONT_SIZE, "bold"),
    width: widths[i],
    align: isNumericColumn(c) ? "right" : "left",
  }));
  const cells = formatted.map((row) =>
    row.map((text, i) => truncate(text, widths[i] - 2 * CELL_PADDING, TABLE_FONT_SIZE)),
  );
  return { columns: tableColumns, cells, width };
}

/** Rows `from`..`to` of the plan with the header row on top: one page's share of the table. */
export function TableChunk(props: { plan: TablePlan; from: number; to: number; accent: string }) {
  const { plan, from, to, accent } = props;
  const height = TABLE_HEADER_HEIGHT + (to - from) * TABLE_ROW_HEIGHT;
  const paint = (p: CanvasPainter) => {
    const { columns, cells, width } = plan;
    p.rect(0, 0, width, TABLE_HEADER_HEIGHT).fillColor("#f3f4f6").fill();
    p.moveTo(0, TABLE_HEADER_HEIGHT).lineTo(width, TABLE_HEADER_HEIGHT).lineWidth(0.8).strokeColor(accent).stroke();
    p.font("Helvetica-Bold").fontSize(TABLE_FONT_SIZE).fillColor("#111827");
    let x = 0;
    for (const c of columns) {
      const tx =
        c.align === "right"
          ? x + c.width - CELL_PADDING - textWidth(c.label, TABLE_FONT_SIZE, "bold")
          : x + CELL_PADDING;
      p.text(c.label, tx, 4.6, { lineBreak: false });
      x += c.width;
    }
    for (let r = from; r < to; r++) {
      const top = TABLE_HEADER_HEIGHT + (r - from) * TABLE_ROW_HEIGHT;
      if ((r - from) % 2 === 1) p.rect(0, top, width, TABLE_ROW_HEIGHT).fillColor("#f6f7f9").fill();
    }
    p.font("Helvetica").fontSize(TABLE_FONT_SIZE).fillColor("#1f2937");
    for (let r = from; r < to; r++) {
      const top = TABLE_HEADER_HEIGHT + (r - from) * TABLE_ROW_HEIGHT + 2.6;
      const row = cells[r];
      let cx = 0;
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i];
        const text = row[i];
        if (text) {
          const tx =
            c.align === "right" ? cx + c.width - CELL_PADDING - textWidth(text, TABLE_FONT_SIZE) : cx + CELL_PADDING;
          p.text(text, tx, top, { lineBreak: false });
        }
        cx += c.width;
      }
    }
    p.moveTo(0, height).lineTo(width, height).lineWidth(0.5).strokeColor("#e5e7eb").stroke();
    return null;
  };
  return <Canvas style={{ width: plan.width, height }} paint={paint} />;
}
