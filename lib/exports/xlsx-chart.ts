// A native Excel chart part (DrawingML, xl/charts/chartN.xml): the report's chart as an
// editable chart bound to cells of the workbook, not a picture of one. Every series points
// at its cells and carries a cache of their values, so viewers draw it before they
// recalculate. Elements are written in the order the schema gives them: Excel asks to
// repair a workbook whose chart elements are out of order.

import { xmlSafe } from "./ooxml-text";

export type NativeChartType = "line" | "bar" | "area" | "pie";

/** A block of cells and the values they hold, as the chart caches them. */
export interface CellsRef {
  /** `'Sheet name'!$A$2:$A$15` */
  ref: string;
  values: readonly (string | number | null)[];
  /** Number format of numeric values (categories that are dates, the measure's format). */
  formatCode?: string;
}

export interface NativeSeries {
  /** The cell holding the series' name. */
  name: { ref: string; text: string };
  values: CellsRef;
  /** "#rrggbb"; for a pie, one per slice in `pointColors`. */
  color: string;
  pointColors?: readonly string[];
}

export interface NativeChart {
  type: NativeChartType;
  title: string;
  categories: CellsRef;
  /** How the category axis labels them, when not as the cells show them (dates without times on a long axis). */
  categoryLabelFormat?: string;
  series: readonly NativeSeries[];
  /** Language of the chart's text, e.g. "en-US". */
  lang: string;
}

const NS =
  'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

const CATEGORY_AXIS = 500000001;
const VALUE_AXIS = 500000002;
/** Categories beyond which an axis labels only some of them. */
export const LONG_AXIS = 16;

/** `'Sheet name'!$A$2:$A$15`: the sheet name always quoted, its quotes doubled. */
export function cellRange(sheet: string, column: string, firstRow: number, lastRow: number = firstRow): string {
  const quoted = `'${sheet.replace(/'/g, "''")}'`;
  return firstRow === lastRow
    ? `${quoted}!$${column}$${firstRow}`
    : `${quoted}!$${column}$${firstRow}:$${column}$${lastRow}`;
}

/** Text as the cells it caches read: what XML 1.0 cannot hold becomes U+FFFD, as in the cells. */
function esc(text: string): string {
  return xmlSafe(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function rgb(color: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  return m ? m[1].toUpperCase() : "6366F1";
}

/** `alpha`: opacity in percent. */
function solid(color: string, alpha = 100): string {
  const value = alpha < 100 ? `<a:alpha val="${alpha * 1000}"/>` : "";
  return `<a:solidFill><a:srgbClr val="${rgb(color)}">${value}</a:srgbClr></a:solidFill>`;
}

function isNumeric(cells: CellsRef): boolean {
  return cells.values.every((v) => v === null || typeof v === "number") && cells.values.some((v) => v !== null);
}

function points(values: readonly (string | number | null)[]): string {
  let out = `<c:ptCount val="${values.length}"/>`;
  values.forEach((v, i) => {
    // Blank cells have no point: the chart leaves a gap there.
    if (v !== null) out += `<c:pt idx="${i}"><c:v>${esc(String(v))}</c:v></c:pt>`;
  });
  return out;
}

function numRef(cells: CellsRef): string {
  return (
    `<c:numRef><c:f>${esc(cells.ref)}</c:f><c:numCache>` +
    `<c:formatCode>${esc(cells.formatCode ?? "General")}</c:formatCode>${points(cells.values)}` +
    "</c:numCache></c:numRef>"
  );
}

function strRef(cells: CellsRef): string {
  return `<c:strRef><c:f>${esc(cells.ref)}</c:f><c:strCache>${points(cells.values)}</c:strCache></c:strRef>`;
}

function text(size: number, bold: boolean): string {
  return (
    "<c:txPr><a:bodyPr/><a:lstStyle/>" +
    `<a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"><a:solidFill><a:srgbClr val="374151"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p>` +
    "</c:txPr>"
  );
}

function series(chart: NativeChart, s: NativeSeries, index: number): string {
  const head =
    `<c:ser><c:idx val="${index}"/><c:order val="${index}"/>` +
    `<c:tx><c:strRef><c:f>${esc(s.name.ref)}</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${esc(s.name.text)}</c:v></c:pt></c:strCache></c:strRef></c:tx>`;
  const cat = `<c:cat>${isNumeric(chart.categories) ? numRef(chart.categories) : strRef(chart.categories)}</c:cat>`;
  const val = `<c:val>${numRef(s.values)}</c:val>`;
  switch (chart.type) {
    case "line":
      return (
        head +
        `<c:spPr><a:ln w="28575" cap="rnd">${solid(s.color)}<a:round/></a:ln></c:spPr>` +
        `<c:marker><c:symbol val="none"/></c:marker>${cat}${val}<c:smooth val="0"/></c:ser>`
      );
    case "bar":
      return `${head}<c:spPr>${solid(s.color)}</c:spPr><c:invertIfNegative val="0"/>${cat}${val}</c:ser>`;
    case "area": {
      // See-through fills with a solid edge, as in the PDF: overlapping areas stay visible.
      const alpha = chart.series.length === 1 ? 45 : 30;
      return `${head}<c:spPr>${solid(s.color, alpha)}<a:ln w="19050">${solid(s.color)}</a:ln></c:spPr>${cat}${val}</c:ser>`;
    }
    case "pie": {
      const slices = (s.pointColors ?? [])
        .map(
          (color, i) =>
            `<c:dPt><c:idx val="${i}"/><c:bubble3D val="0"/><c:spPr>${solid(color)}<a:ln w="12700"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:ln></c:spPr></c:dPt>`,
        )
        .join("");
      return `${head}${slices}${cat}${val}</c:ser>`;
    }
  }
}

function axes(chart: NativeChart): string {
  const labelFormat = chart.categoryLabelFormat ?? chart.categories.formatCode;
  const categoryFormat = labelFormat ? `<c:numFmt formatCode="${esc(labelFormat)}" sourceLinked="0"/>` : "";
  const valueFormat = chart.series[0]?.values.formatCode
    ? `<c:numFmt formatCode="${esc(chart.series[0].values.formatCode)}" sourceLinked="0"/>`
    : "";
  // auto="0" keeps a category axis where the categories are dates: one even slot per
  // point, rather than a date axis that spaces weeks by their days and thins the bars.
  // About a dozen labels along a long axis (hours over months), not one per point run together.
  const count = chart.categories.values.length;
  const step = count > LONG_AXIS ? Math.ceil(count / 12) : 1;
  const skip = step > 1 ? `<c:tickLblSkip val="${step}"/><c:tickMarkSkip val="${step}"/>` : "";
  const line = '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="D1D5DB"/></a:solidFill></a:ln></c:spPr>';
  return (
    `<c:catAx><c:axId val="${CATEGORY_AXIS}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="b"/>${categoryFormat}` +
    `<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>${line}${text(900, false)}` +
    `<c:crossAx val="${VALUE_AXIS}"/><c:crosses val="autoZero"/><c:auto val="0"/><c:lblAlgn val="ctr"/>` +
    `<c:lblOffset val="100"/>${skip}<c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="${VALUE_AXIS}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines>${line}</c:majorGridlines>${valueFormat}` +
    `<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>${text(900, false)}` +
    `<c:crossAx val="${CATEGORY_AXIS}"/><c:crosses val="autoZero"/>` +
    `<c:crossBetween val="${chart.type === "area" ? "midCat" : "between"}"/></c:valAx>`
  );
}

function plot(chart: NativeChart): string {
  const ser = chart.series.map((s, i) => series(chart, s, i)).join("");
  const axisIds = `<c:axId val="${CATEGORY_AXIS}"/><c:axId val="${VALUE_AXIS}"/>`;
  switch (chart.type) {
    case "line":
      return `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${ser}<c:marker val="1"/>${axisIds}</c:lineChart>${axes(chart)}`;
    case "bar":
      return (
        `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${ser}` +
        `<c:gapWidth val="60"/>${axisIds}</c:barChart>${axes(chart)}`
      );
    case "area":
      // Overlapping, not stacked: the PDF draws each series from zero, too.
      return `<c:areaChart><c:grouping val="standard"/><c:varyColors val="0"/>${ser}${axisIds}</c:areaChart>${axes(chart)}`;
    case "pie":
      return `<c:pieChart><c:varyColors val="1"/>${ser}<c:firstSliceAng val="0"/></c:pieChart>`;
  }
}

/** The chart part's XML. */
export function chartXml(chart: NativeChart): string {
  const title =
    "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p>" +
    '<a:pPr><a:defRPr sz="1300" b="1"/></a:pPr>' +
    `<a:r><a:rPr lang="${esc(chart.lang)}" sz="1300" b="1"><a:solidFill><a:srgbClr val="111827"/></a:solidFill></a:rPr><a:t>${esc(chart.title)}</a:t></a:r>` +
    '</a:p></c:rich></c:tx><c:overlay val="0"/></c:title>';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace ${NS}>` +
    `<c:date1904 val="0"/><c:lang val="${esc(chart.lang)}"/><c:roundedCorners val="0"/>` +
    `<c:chart>${chart.title ? title : ""}<c:autoTitleDeleted val="${chart.title ? 0 : 1}"/>` +
    `<c:plotArea><c:layout/>${plot(chart)}</c:plotArea>` +
    `<c:legend><c:legendPos val="${chart.type === "pie" ? "r" : "b"}"/><c:overlay val="0"/>${text(900, false)}</c:legend>` +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>' +
    '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>' +
    "</c:chartSpace>"
  );
}
