import { failureGate } from "../failure-gate";
import ExcelJS from "exceljs";
import type { ReportValue } from "../reports/engine";
import { ooxmlText } from "./ooxml-text";
import { columnLetter, excelSerial, type ColumnPlan } from "./xlsx-cells";

// What exceljs does not offer through its API, reached through its internals: fast row
// XML, images and charts in a streamed workbook, and a sink that honours backpressure. Each helper
// returns null when the internals are not what it expects, and the caller falls back.

interface SheetWriterInternals {
  stream: { write(chunk: string): unknown };
  startedData: boolean;
  _rowZero: number;
  _rows: unknown[] | null;
}

interface StylesInternals {
  addStyleModel(model: { numFmt: string }, cellType: number): number;
}

/**
 * exceljs's writer builds a Row and a Cell model per value and renders them through its
 * XML stream: most of an export's time, and garbage that outlives young-generation GC.
 * Data rows are plain, so they are rendered here instead, as exceljs renders them (same
 * elements, attributes and date serials; text as inline strings, see inlineText),
 * straight into the sheet's stream once exceljs has written the header row. Null when the
 * internals this needs are missing; rows then go through exceljs.
 */
export function sheetWriter(sheet: ExcelJS.Worksheet): SheetWriterInternals | null {
  const s = sheet as unknown as Partial<SheetWriterInternals>;
  return s.startedData === true &&
    typeof s.stream?.write === "function" &&
    Array.isArray(s._rows) &&
    s._rows.length === 0
    ? (s as SheetWriterInternals)
    : null;
}

const VALUE_TYPE_NUMBER = 2;
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/;

/** exceljs's xmlEncode: the five entities (text has been through ooxmlText, so no control characters are left). */
function xmlText(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) out += "&quot;";
    else if (c === 38) out += "&amp;";
    else if (c === 39) out += "&apos;";
    else if (c === 60) out += "&lt;";
    else if (c === 62) out += "&gt;";
    else if (c === 127 || (c <= 31 && (c <= 8 || (c >= 11 && c !== 13)))) continue;
    else out += text[i];
  }
  return out;
}

/**
 * A data cell's text as an inline string. Excel decodes `_xHHHH_` in every cell text, but
 * LibreOffice only in <t> elements (not in the <v> of exceljs's "str" cells), so data
 * cells use <is><t>: CR and literal `_xHHHH_` read back as written in both.
 */
function inlineText(value: string): string {
  const text = xmlText(ooxmlText(value));
  return /^\s|\s$/.test(text) ? `<is><t xml:space="preserve">${text}</t></is>` : `<is><t>${text}</t></is>`;
}

export function rowWriter(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  plans: ColumnPlan[],
): ((record: ReportValue[], rowNumber: number) => string) | null {
  const styles = (workbook as unknown as { styles?: Partial<StylesInternals> }).styles;
  if (typeof styles?.addStyleModel !== "function") return null;
  const addStyle = styles.addStyleModel.bind(styles);
  const columns = plans.map((p, i) => ({
    convert: p.convert,
    date: p.date === true,
    letter: columnLetter(i + 1),
    // exceljs's style id for a cell carrying only this number format.
    style: p.numFmt ? ` s="${addStyle({ numFmt: p.numFmt }, VALUE_TYPE_NUMBER)}"` : "",
  }));
  return (record, n) => {
    let cells = "";
    let min = 0;
    let max = 0;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      const raw = record[i];
      if (raw === null || raw === undefined) continue;
      const value = c.convert(raw);
      if (value === null) continue;
      if (min === 0) min = i + 1;
      max = i + 1;
      // Strings are always written as text values: data never becomes a formula cell.
      if (typeof value === "string") cells += `<c r="${c.letter}${n}" t="inlineStr">${inlineText(value)}</c>`;
      else {
        cells += `<c r="${c.letter}${n}"${c.style}><v>${c.date ? excelSerial(value) : value}</v></c>`;
      }
    }
    return min === 0 ? "" : `<row r="${n}" spans="${min}:${max}" x14ac:dyDescent="0.25">${cells}</row>`;
  };
}

interface ZipInternals {
  append(source: string | Buffer, data: { name: string }): unknown;
  unpipe?(destination?: NodeJS.WritableStream): unknown;
}

export interface WorkbookInternals {
  zip: ZipInternals;
  media: { name: string }[];
}

export interface SheetInternals {
  stream: { write(chunk: string): unknown };
  _sheetRelsWriter: { addRelationship(rel: { Type: string; Target: string }): string };
  _writeLegacyData: () => void;
}

export function workbookInternals(workbook: ExcelJS.stream.xlsx.WorkbookWriter): WorkbookInternals | null {
  const w = workbook as unknown as Partial<WorkbookInternals>;
  return w.zip && typeof w.zip.append === "function" && Array.isArray(w.media) ? (w as WorkbookInternals) : null;
}

export function sheetInternals(sheet: ExcelJS.Worksheet): SheetInternals | null {
  const s = sheet as unknown as Partial<SheetInternals>;
  return s.stream &&
    typeof s._writeLegacyData === "function" &&
    typeof s._sheetRelsWriter?.addRelationship === "function"
    ? (s as SheetInternals)
    : null;
}

// exceljs 4.4's streaming WorksheetWriter has no addImage (exceljs issues #322, #1709,
// #2918) and exceljs has no charts at all: workbook.addImage stores a picture, but nothing
// places it on a sheet. The pieces a drawing needs are written here instead: a drawing
// part and its relationships, the sheet's relationship to the drawing, the <drawing>
// element, and the content types.
const DRAWING_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
const IMAGE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
const CHART_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
const DRAWING_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml";
const CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
const EMU_PER_PIXEL = 9525;

/** Something anchored on a sheet: the 0-based row its top-left corner is in, its size. */
interface Anchored {
  name: string;
  row0: number;
  widthPx: number;
  heightPx: number;
}

/** A picture: its media file (added with workbook.addImage). */
export interface Picture extends Anchored {
  kind: "picture";
  mediaName: string;
}

/** A chart: its part, xl/charts/<part>.xml, written with writeChartPart. */
export interface ChartFrame extends Anchored {
  kind: "chart";
  part: string;
}

export type DrawingItem = Picture | ChartFrame;

function graphic(item: DrawingItem, id: number, rId: string, cx: number, cy: number): string {
  if (item.kind === "chart") {
    return (
      '<xdr:graphicFrame macro="">' +
      `<xdr:nvGraphicFramePr><xdr:cNvPr id="${id}" name="${item.name}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
      '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">' +
      `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="${rId}"/>` +
      "</a:graphicData></a:graphic></xdr:graphicFrame>"
    );
  }
  return (
    `<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${id}" name="${item.name}"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>` +
    `<xdr:blipFill><a:blip r:embed="${rId}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
    `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>` +
    "</xdr:pic>"
  );
}

/**
 * Places pictures and charts on one sheet: one drawing part holds them all, each at its
 * row in column A; call once per sheet. A chart's own part is written separately (when its
 * cells are known, possibly after the sheet), with writeChartPart.
 */
export function placeDrawing(
  book: WorkbookInternals,
  ws: SheetInternals,
  items: readonly DrawingItem[],
  name = "drawing1",
): void {
  const anchors = items.map((item, i) => {
    const cx = item.widthPx * EMU_PER_PIXEL;
    const cy = item.heightPx * EMU_PER_PIXEL;
    return (
      "<xdr:oneCellAnchor>" +
      `<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${item.row0}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
      `<xdr:ext cx="${cx}" cy="${cy}"/>` +
      graphic(item, i + 2, `rId${i + 1}`, cx, cy) +
      "<xdr:clientData/></xdr:oneCellAnchor>"
    );
  });
  book.zip.append(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ' +
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      anchors.join("") +
      "</xdr:wsDr>",
    { name: `xl/drawings/${name}.xml` },
  );
  book.zip.append(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      items
        .map((item, i) =>
          item.kind === "chart"
            ? `<Relationship Id="rId${i + 1}" Type="${CHART_TYPE}" Target="../charts/${item.part}.xml"/>`
            : `<Relationship Id="rId${i + 1}" Type="${IMAGE_TYPE}" Target="../media/${item.mediaName}"/>`,
        )
        .join("") +
      "</Relationships>",
    { name: `xl/drawings/_rels/${name}.xml.rels` },
  );

  const rId = ws._sheetRelsWriter.addRelationship({ Type: DRAWING_TYPE, Target: `../drawings/${name}.xml` });
  // <drawing> belongs after the row breaks and before <legacyDrawing> in a worksheet.
  const writeLegacyData = ws._writeLegacyData.bind(ws);
  ws._writeLegacyData = () => {
    ws.stream.write(`<drawing r:id="${rId}"/>`);
    writeLegacyData();
  };

  // The streaming writer lists no drawings or charts in [Content_Types].xml; Excel rejects
  // a part without its content type.
  const overrides =
    `<Override PartName="/xl/drawings/${name}.xml" ContentType="${DRAWING_CONTENT_TYPE}"/>` +
    items
      .map((item) =>
        item.kind === "chart"
          ? `<Override PartName="/xl/charts/${item.part}.xml" ContentType="${CHART_CONTENT_TYPE}"/>`
          : "",
      )
      .join("");
  const append = book.zip.append.bind(book.zip);
  book.zip.append = (source, data) =>
    append(
      data.name === "[Content_Types].xml" && typeof source === "string"
        ? source.replace("</Types>", `${overrides}</Types>`)
        : source,
      data,
    );
}

/** Writes the part of a chart placed with placeDrawing; before the workbook is committed. */
export function writeChartPart(book: WorkbookInternals, part: string, xml: string): void {
  book.zip.append(xml, { name: `xl/charts/${part}.xml` });
}

/** After a failure: no more bytes go to the sink, which the caller then destroys. */
export function detach(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sink: NodeJS.WritableStream): void {
  workbookInternals(workbook)?.zip.unpipe?.(sink);
}

// ---------------------------------------------------------------------------------------
// Sink

interface SinkGuard {
  /** `promise`, unless the sink errors or closes before the workbook is complete: then that error. */
  until<T>(promise: Promise<T>): Promise<T>;
  check(): void;
  /**
   * Waits for 'drain' when the sink or the sheet's zip entry asks for it, and lets
   * compression catch up.
   */
  settle(entry?: NodeJS.WritableStream | null): Promise<void>;
  dispose(): void;
}

interface SheetStreamInternals {
  stream?: { pipes?: NodeJS.WritableStream[] };
}

/**
 * The stream exceljs writes a sheet's XML into pipes, without backpressure, into the zip
 * entry's input: when rows are written faster than zlib compresses them, that input
 * buffers the uncompressed XML (hundreds of MB for a million rows). Its fill level is
 * the backpressure exceljs ignores.
 */
export function sheetEntry(sheet: ExcelJS.Worksheet): NodeJS.WritableStream | null {
  const pipes = (sheet as unknown as SheetStreamInternals).stream?.pipes;
  return Array.isArray(pipes) && pipes.length === 1 ? pipes[0] : null;
}

/** The zip entry input is a readable-stream v2 PassThrough, which predates writableNeedDrain. */
function needsDrain(stream: NodeJS.WritableStream): boolean {
  const s = stream as NodeJS.WritableStream & { writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } };
  return (s.writableNeedDrain ?? s._writableState?.needDrain) === true;
}

export function watchSink(sink: NodeJS.WritableStream): SinkGuard {
  const writable = sink as NodeJS.WritableStream & { writableFinished?: boolean };
  const gate = failureGate();
  const onError = (error: unknown) => gate.fail(error instanceof Error ? error : new Error(String(error)));
  const onClose = () => {
    if (!writable.writableFinished) gate.fail(new Error("The output stream closed before the workbook was complete"));
  };
  sink.on("error", onError);
  sink.on("close", onClose);

  const check = () => {
    if (gate.failure) throw gate.failure;
  };
  return {
    until: (promise) => gate.until(promise),
    check,
    async settle(entry) {
      check();
      for (const stream of entry ? [entry, sink] : [sink]) {
        if (!needsDrain(stream)) continue;
        let onDrain = () => {};
        const drained = new Promise<void>((resolve) => {
          onDrain = resolve;
          stream.once("drain", onDrain);
        });
        try {
          await gate.until(drained);
        } finally {
          stream.removeListener("drain", onDrain);
        }
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      check();
    },
    dispose() {
      sink.removeListener("error", onError);
      sink.removeListener("close", onClose);
    },
  };
}
