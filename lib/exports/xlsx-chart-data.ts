import type ExcelJS from "exceljs";
import type { XlsxNumberFormats } from "../format/xlsx";
import type { ReportValue } from "../reports/engine";
import type { CellValue, ChartSeriesResult, OutputColumn } from "../reports/types";
import { ooxmlText } from "./ooxml-text";
import type { ExportMeta } from "./types";
import { cellRange, LONG_AXIS, type CellsRef, type NativeChart } from "./xlsx-chart";
import { columnLetter, excelSerial, localClock, planColumn, type ColumnPlan } from "./xlsx-cells";

// Which cells the workbook's native chart is bound to. A small result whose rows are the
// chart's points (one row per x, a column per series) is charted straight from the Data
// sheet; anything else (series per group value, folded "Other" series, pies, results
// too long to chart) from the series the engine computes for the PDF, written on a sheet
// of their own.

export const CHART_DATA_SHEET = "Chart data";

/** Results up to this many rows may be charted from the Data sheet itself. */
export const DIRECT_CHART_MAX_ROWS = 1_000;

/** The engine's chart when it has something to draw; null for none. */
export function drawableChart(meta: ExportMeta, chart: ChartSeriesResult | undefined): ChartSeriesResult | null {
  if (!chart || meta.chart.type === "none" || chart.kind === "empty") return null;
  if (chart.kind === "pie") return chart.slices.length > 0 ? chart : null;
  return chart.points.length > 0 && chart.series.length > 0 ? chart : null;
}

/** A cell's value as the chart caches it: date cells as Excel serials. */
function cached(plan: ColumnPlan, value: string | number | null): string | number | null {
  if (value === null) return null;
  return plan.date && typeof value === "number" ? excelSerial(value) : value;
}

/** Times of day crowd a long axis: it is labelled with dates, the cells keep their times. */
function labelFormat(plan: ColumnPlan | null, count: number, formats: XlsxNumberFormats): string | undefined {
  return plan?.date && count > LONG_AXIS ? formats.date : undefined;
}

function sameNumber(a: string | number | null, b: CellValue | undefined): boolean {
  if (a === null || b === null || b === undefined) return (a === null) === (b === null || b === undefined);
  return typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

/** Watches the rows as they are written, to tell whether they are the chart's points. */
export interface DataSheetBinding {
  observe(record: readonly ReportValue[], index: number): void;
  /** The chart over the Data sheet's cells, or null when the rows turned out not to be its points. */
  chart(rowsWritten: number): NativeChart | null;
}

export function dataSheetBinding(
  meta: ExportMeta,
  chart: ChartSeriesResult,
  plans: readonly ColumnPlan[],
  maxRowsPerSheet: number,
  formats: XlsxNumberFormats,
): DataSheetBinding | null {
  const known = meta.totalRows === null ? null : Math.min(meta.totalRows, meta.limit);
  const count = chart.points.length;
  if (chart.kind !== "cartesian" || chart.notes.length > 0 || !chart.x) return null;
  if (known !== count || count > Math.min(DIRECT_CHART_MAX_ROWS, maxRowsPerSheet)) return null;
  const indexOf = (match: (c: OutputColumn) => boolean) => {
    const found = meta.columns.flatMap((c, i) => (match(c) ? [i] : []));
    return found.length === 1 ? found[0] : -1;
  };
  const xKey = chart.x.key;
  const xIndex = indexOf((c) => c.key === xKey);
  const yIndexes = chart.series.map((s) => indexOf((c) => c.label === s.label && c.key !== xKey));
  if (xIndex < 0 || yIndexes.some((i) => i < 0)) return null;
  // The engine gives time axes as cell values and category axes as their labels.
  const time = chart.x.type !== "string";
  const xPlan = plans[xIndex];
  const xs: (string | number | null)[] = [];
  const ys: (string | number | null)[][] = yIndexes.map(() => []);
  let matches = true;

  return {
    observe(record, index) {
      if (!matches) return;
      const point = chart.points[index];
      const raw = record[xIndex];
      const x = raw === null || raw === undefined ? null : xPlan.convert(raw);
      const expected = point?.x;
      const sameX = time
        ? x !== null && expected !== null && expected !== undefined && x === xPlan.convert(expected)
        : x !== null && String(x) === expected;
      if (!point || !sameX) {
        matches = false;
        return;
      }
      xs.push(x);
      yIndexes.forEach((yi, k) => {
        const value = record[yi];
        const y = value === null || value === undefined ? null : plans[yi].convert(value);
        if (!sameNumber(y, point[`s${k}`])) matches = false;
        ys[k].push(y);
      });
    },
    chart(rowsWritten) {
      if (!matches || rowsWritten !== count || xs.length !== count) return null;
      const sheet = "Data";
      return {
        type: chart.type,
        title: chart.title,
        lang: meta.workspace.locale,
        categories: {
          ref: cellRange(sheet, columnLetter(xIndex + 1), 2, count + 1),
          values: xs.map((x) => cached(xPlan, x)),
          formatCode: xPlan.date ? xPlan.numFmt : undefined,
        },
        categoryLabelFormat: labelFormat(xPlan, count, formats),
        series: chart.series.map((s, k) => {
          const plan = plans[yIndexes[k]];
          const letter = columnLetter(yIndexes[k] + 1);
          return {
            name: { ref: cellRange(sheet, letter, 1), text: plan.header },
            values: { ref: cellRange(sheet, letter, 2, count + 1), values: ys[k], formatCode: plan.numFmt },
            color: s.color,
          };
        }),
      };
    },
  };
}

function header(sheet: ExcelJS.Worksheet, labels: string[]): void {
  const row = sheet.addRow(labels.map((l) => ooxmlText(l)));
  row.font = { bold: true };
  row.commit();
}

/**
 * Writes the engine's series on their own sheet (x down column A, a column per series;
 * for a pie, a row per slice) and returns the chart bound to those cells.
 */
export function writeChartDataSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  meta: ExportMeta,
  chart: ChartSeriesResult,
  timeZone: string,
  formats: XlsxNumberFormats,
): NativeChart {
  const local = localClock(timeZone);
  const sheet = workbook.addWorksheet(CHART_DATA_SHEET);
  const yPlan = chart.y ? planColumn(chart.y, local, formats) : null;
  const xPlan = chart.x ? planColumn(chart.x, local, formats) : null;
  const xHeader = xPlan?.header ?? (chart.kind === "pie" ? "Slice" : "Row");
  const sheetName = CHART_DATA_SHEET;

  if (chart.kind === "pie") {
    sheet.columns = [{ width: 32 }, { width: 18 }];
    const name = yPlan?.header ?? "Value";
    header(sheet, [xHeader, name]);
    for (const slice of chart.slices) {
      const row = sheet.addRow([ooxmlText(slice.label), slice.value]);
      if (yPlan?.numFmt) row.getCell(2).numFmt = yPlan.numFmt;
      row.commit();
    }
    sheet.commit();
    const last = chart.slices.length + 1;
    return {
      type: "pie",
      title: chart.title,
      lang: meta.workspace.locale,
      categories: { ref: cellRange(sheetName, "A", 2, last), values: chart.slices.map((s) => s.label) },
      series: [
        {
          name: { ref: cellRange(sheetName, "B", 1), text: name },
          values: {
            ref: cellRange(sheetName, "B", 2, last),
            values: chart.slices.map((s) => s.value),
            formatCode: yPlan?.numFmt,
          },
          color: chart.slices[0].color,
          pointColors: chart.slices.map((s) => s.color),
        },
      ],
    };
  }

  // Time axes hold dates (cell values from the engine); category axes their labels.
  const time = xPlan !== null && chart.x?.type !== "string";
  sheet.columns = [{ width: 22 }, ...chart.series.map(() => ({ width: 18 }))];
  header(sheet, [xHeader, ...chart.series.map((s) => s.label)]);
  const xs: (string | number | null)[] = [];
  for (const point of chart.points) {
    const raw = point.x;
    const x = raw === null || raw === undefined ? null : time ? xPlan.convert(raw) : String(raw);
    xs.push(x);
    const row = sheet.addRow([]);
    if (x !== null) {
      const cell = row.getCell(1);
      // exceljs writes a Date from its UTC fields: a Date whose UTC fields are the wall time.
      cell.value = typeof x === "string" ? ooxmlText(x) : xPlan?.date ? new Date(x) : x;
      if (typeof x === "number" && xPlan?.numFmt) cell.numFmt = xPlan.numFmt;
    }
    chart.series.forEach((s, k) => {
      const value = point[s.key];
      if (typeof value !== "number") return;
      const cell = row.getCell(k + 2);
      cell.value = value;
      if (yPlan?.numFmt) cell.numFmt = yPlan.numFmt;
    });
    row.commit();
  }
  sheet.commit();
  const last = chart.points.length + 1;
  return {
    type: chart.type,
    title: chart.title,
    lang: meta.workspace.locale,
    categories: {
      ref: cellRange(sheetName, "A", 2, last),
      values: xs.map((x) => (xPlan ? cached(xPlan, x) : x)),
      formatCode: time && xPlan?.date ? xPlan.numFmt : undefined,
    },
    categoryLabelFormat: time ? labelFormat(xPlan, chart.points.length, formats) : undefined,
    series: chart.series.map((s, k) => {
      const letter = columnLetter(k + 2);
      const values: CellsRef = {
        ref: cellRange(sheetName, letter, 2, last),
        values: chart.points.map((p) => (typeof p[s.key] === "number" ? (p[s.key] as number) : null)),
        formatCode: yPlan?.numFmt,
      };
      return { name: { ref: cellRange(sheetName, letter, 1), text: s.label }, values, color: s.color };
    }),
  };
}
