// Report PDFs: branded header and footer on every page, headline numbers, vector charts,
// and the data table with its header row repeated on each page.
//
// Pages are planned here rather than by react-pdf's page splitting: every block has a
// height known up front (text is wrapped with Helvetica's metrics, table rows are one
// line), so a 20,000-row table (about 500 pages) renders in a couple of seconds.
import { Canvas, Document, Image, Page, pdf, Text, View } from "@react-pdf/renderer";
import type { ReactElement } from "react";
import type { ExportMeta, ExportRow } from "../reports/file-meta";
import { isValidTimeZone } from "../time/zone";
import type { CanvasPainter } from "./canvas-painter";
import { ChartView } from "./chart";
import { brandColor } from "./chart-data";
import type { Kpi } from "./kpis";
import { loadLogo, type Logo } from "./logo";
import { TableChunk } from "./table";
import {
  BLOCK_GAP,
  buildBlocks,
  buildComparisonBlocks,
  CONTENT_BOTTOM,
  CONTENT_TOP,
  DELTA_COLORS,
  INK,
  KPI_GAP,
  KPI_HEIGHT,
  MARGIN_X,
  MUTED,
  paginate,
  PDF_TABLE_ROW_CAP,
  type Block,
  type Geometry,
  type Plan,
  type RenderPdfOptions,
} from "./layout";
import { pdfText, textWidth, truncate } from "./text-metrics";

export { PDF_CHART_ROW_CAP, PDF_TABLE_ROW_CAP, type ComparedPeriod, type RenderPdfOptions } from "./layout";
export type { PdfTemplate } from "./templates";

/**
 * Header and footer of every page: brand-colour bar, logo, workspace name, report name,
 * "Chartroom · workspace" and "Page X of Y". Drawn on a canvas because react-pdf lays out
 * each text node at real cost, and these repeat on every page. Page numbers are plain
 * text: pages are planned here and never split, so the count is known.
 */
function PageChrome(props: {
  meta: ExportMeta;
  logo: Logo | null;
  accent: string;
  page: number;
  pages: number;
  g: Geometry;
}) {
  const { meta, logo, accent, page, pages, g } = props;
  const logoHeight = 20;
  const logoTop = 15;
  const logoWidth = logo ? Math.min(80, (logo.width / logo.height) * logoHeight) : 0;
  const nameX = MARGIN_X + (logo ? logoWidth + 8 : 0);
  const name = truncate(pdfText(meta.workspace.name), g.contentWidth * 0.45, 10, "bold");
  const reportRoom = g.contentWidth - (nameX - MARGIN_X) - textWidth(name, 10, "bold") - 24;
  const report = truncate(pdfText(meta.reportName), Math.max(reportRoom, 0), 7.5);
  const brand = truncate(`Chartroom \u00b7 ${pdfText(meta.workspace.name)}`, g.contentWidth * 0.6, 7);
  const pageLabel = `Page ${page} of ${pages}`;
  const right = MARGIN_X + g.contentWidth;
  const footerLine = g.pageHeight - 28;
  const paint = (p: CanvasPainter) => {
    p.rect(0, 0, g.pageWidth, 5).fillColor(accent).fill();
    p.font("Helvetica-Bold")
      .fontSize(10)
      .fillColor(INK)
      .text(name, nameX, logoTop + 4.5, { lineBreak: false });
    if (report) {
      p.font("Helvetica").fontSize(7.5).fillColor(MUTED);
      p.text(report, right - textWidth(report, 7.5), logoTop + 6.5, { lineBreak: false });
    }
    p.moveTo(MARGIN_X, 41).lineTo(right, 41).lineWidth(0.7).strokeColor("#e5e7eb").stroke();
    p.moveTo(MARGIN_X, footerLine).lineTo(right, footerLine).lineWidth(0.5).strokeColor("#e5e7eb").stroke();
    p.font("Helvetica").fontSize(7).fillColor(MUTED);
    p.text(brand, MARGIN_X, footerLine + 5, { lineBreak: false });
    p.text(pageLabel, right - textWidth(pageLabel, 7), footerLine + 5, { lineBreak: false });
    return null;
  };
  return (
    <>
      <Canvas
        fixed
        style={{ position: "absolute", top: 0, left: 0, width: g.pageWidth, height: g.pageHeight }}
        paint={paint}
      />
      {logo ? (
        <Image
          fixed
          src={{ data: logo.data, format: logo.format }}
          style={{
            position: "absolute",
            top: logoTop,
            left: MARGIN_X,
            width: logoWidth,
            height: logoHeight,
            objectFit: "contain",
          }}
        />
      ) : null}
    </>
  );
}

/** A headline number is never cut short: a long one is set smaller until it fits its tile. */
function kpiValueSize(value: string, width: number): number {
  const full = textWidth(value, 14, "bold");
  return full <= width ? 14 : Math.max(6, Math.floor((14 * width * 10) / full) / 10);
}

function KpiTiles(props: { kpis: Kpi[]; accent: string; width: number }) {
  // At least three slots, so one or two tiles do not stretch across the page.
  const perRow = Math.max(3, Math.min(4, props.kpis.length));
  const tileWidth = (props.width - (perRow - 1) * KPI_GAP) / perRow;
  const inner = tileWidth - 18;
  return (
    <View style={{ flexDirection: "row", flexWrap: "wrap", width: props.width }}>
      {props.kpis.map((kpi, i) => (
        <View
          key={i}
          style={{
            width: tileWidth,
            height: KPI_HEIGHT,
            marginRight: i % perRow === perRow - 1 ? 0 : KPI_GAP,
            marginBottom: i + perRow < props.kpis.length ? KPI_GAP : 0,
            borderWidth: 0.7,
            borderColor: "#e5e7eb",
            borderLeftWidth: 3,
            borderLeftColor: props.accent,
            borderRadius: 3,
            paddingLeft: 8,
            paddingTop: 6,
          }}
        >
          <Text style={{ fontSize: 7, color: MUTED, height: 10 }}>{truncate(kpi.label, inner, 7)}</Text>
          <Text
            style={{ fontSize: kpiValueSize(kpi.value, inner), fontFamily: "Helvetica-Bold", color: INK, height: 18 }}
          >
            {truncate(kpi.value, inner, kpiValueSize(kpi.value, inner), "bold")}
          </Text>
          {kpi.delta ? (
            <Text style={{ fontSize: 6.5, color: MUTED, height: 9 }}>
              <Text style={{ fontFamily: "Helvetica-Bold", color: DELTA_COLORS[kpi.delta.tone] }}>
                {kpi.delta.text}
              </Text>
              {kpi.detail ? truncate(`  ${kpi.detail}`, inner - textWidth(kpi.delta.text, 6.5, "bold"), 6.5) : null}
            </Text>
          ) : kpi.detail ? (
            <Text style={{ fontSize: 6.5, color: MUTED, height: 9 }}>{truncate(kpi.detail, inner, 6.5)}</Text>
          ) : null}
          {kpi.scope ? (
            <Text style={{ fontSize: 6.5, color: MUTED, height: 9 }}>{truncate(kpi.scope, inner, 6.5)}</Text>
          ) : null}
        </View>
      ))}
    </View>
  );
}

function BlockView(props: { block: Block; accent: string; g: Geometry }): ReactElement {
  const { block, accent, g } = props;
  switch (block.kind) {
    case "lines":
      return (
        <View style={{ height: block.height }}>
          {block.lines.map((line, i) => (
            <Text
              key={i}
              style={{
                height: line.height,
                fontSize: line.size,
                fontFamily: line.bold ? "Helvetica-Bold" : "Helvetica",
                color: line.color ?? INK,
              }}
            >
              {line.text}
            </Text>
          ))}
        </View>
      );
    case "kpis":
      return (
        <View style={{ height: block.height }}>
          <KpiTiles kpis={block.kpis} accent={accent} width={g.contentWidth} />
        </View>
      );
    case "chart":
      return (
        <View style={{ height: block.height }}>
          <ChartView chart={block.chart} width={g.contentWidth} height={block.height - BLOCK_GAP - 2} />
        </View>
      );
    case "chart-row": {
      const gap = 20;
      const width = (g.contentWidth - gap) / 2;
      return (
        <View style={{ height: block.height, flexDirection: "row" }}>
          {block.charts.map((chart, i) => (
            <View key={i} style={{ width, marginRight: i === 0 ? gap : 0 }}>
              <ChartView chart={chart} width={width} height={block.height - BLOCK_GAP - 2} compact />
            </View>
          ))}
        </View>
      );
    }
    case "section":
      return (
        <View style={{ height: block.height }}>
          <Text style={{ fontSize: 11, fontFamily: "Helvetica-Bold", color: INK, height: 14 }}>
            {truncate(pdfText(block.title), g.contentWidth, 11, "bold")}
          </Text>
        </View>
      );
    case "table":
      return (
        <View style={{ height: block.height }}>
          <TableChunk plan={block.plan} from={block.from} to={block.to} accent={accent} />
        </View>
      );
    case "empty-table":
      return (
        <View
          style={{
            height: block.height - 8,
            marginBottom: 8,
            borderWidth: 0.7,
            borderColor: "#d1d5db",
            borderStyle: "dashed",
            borderRadius: 4,
            backgroundColor: "#f9fafb",
            justifyContent: "center",
            alignItems: "center",
          }}
        >
          <Text style={{ fontSize: 9, color: "#4b5563" }}>{block.message}</Text>
        </View>
      );
  }
}

function ReportDocument(props: { meta: ExportMeta; pages: Block[][]; g: Geometry; logo: Logo | null }) {
  const { meta, pages, g, logo } = props;
  const accent = brandColor(meta.workspace.brandColor);
  return (
    <Document
      title={pdfText(meta.reportName)}
      author={pdfText(meta.workspace.name)}
      subject={pdfText(meta.description)}
      creator="Chartroom"
      producer="Chartroom"
      creationDate={meta.generatedAt}
    >
      {pages.map((blocks, p) => (
        <Page
          key={p}
          size="A4"
          orientation={g.landscape ? "landscape" : "portrait"}
          style={{
            paddingTop: CONTENT_TOP,
            paddingBottom: CONTENT_BOTTOM,
            paddingHorizontal: MARGIN_X,
            fontFamily: "Helvetica",
            fontSize: 8,
            color: INK,
          }}
        >
          <PageChrome meta={meta} logo={logo} accent={accent} page={p + 1} pages={pages.length} g={g} />
          {blocks.map((block, i) => (
            <BlockView key={i} block={block} accent={accent} g={g} />
          ))}
        </Page>
      ))}
    </Document>
  );
}

async function buildDocument(meta: ExportMeta, rows: ExportRow[], options: RenderPdfOptions) {
  const timeZone = isValidTimeZone(meta.workspace.timezone) ? meta.workspace.timezone : "UTC";
  const capped = rows.length > PDF_TABLE_ROW_CAP ? rows.slice(0, PDF_TABLE_ROW_CAP) : rows;
  let plan: Plan;
  if (options.template === "comparison") {
    if (!options.previous) throw new Error("The comparison template needs the previous period's rows.");
    const previous = { ...options.previous, rows: options.previous.rows.slice(0, PDF_TABLE_ROW_CAP) };
    plan = buildComparisonBlocks(meta, capped, previous, timeZone, { now: rows, before: options.previous.rows });
  } else {
    // Charts read every row given (the whole result up to PDF_CHART_ROW_CAP), the table its cap.
    plan = buildBlocks(meta, capped, { ...options, chartRows: rows }, timeZone);
  }
  const pages = paginate(plan);
  const logo = await loadLogo(meta.workspace.logoUrl);
  return <ReportDocument meta={meta} pages={pages} g={plan.geometry} logo={logo} />;
}

/** The report as a PDF byte stream. */
export async function renderReportPdf(
  meta: ExportMeta,
  rows: ExportRow[],
  options: RenderPdfOptions = {},
): Promise<NodeJS.ReadableStream> {
  const instance = pdf(await buildDocument(meta, rows, options));
  try {
    return await instance.toBuffer();
  } finally {
    // react-pdf mounts each document on its one React renderer and never unmounts it (nor
    // does renderToStream), so every document rendered, with its rows, stayed reachable for
    // the life of the process. The file is written by now; let the tree go.
    instance.updateContainer(<></>);
    instance.updateContainer(<></>);
    (instance.container as { document: unknown }).document = null;
  }
}
