// Child process of `npm run bench` for the PDF case, so its memory is measured alone:
// renders the timing report (about 500 pages, 3 charts, a 20,000-row table of 48,000) with react-pdf, and
// writes the same report as an HTML page for the Chromium baseline.
//   pdf-child.ts <runs> <html file>
// Prints one JSON line: run times (ms), peak RSS growth (MB), pages and charts.
import { readFileSync, writeFileSync } from "node:fs";
import type { ExportMeta, ExportRow } from "../../lib/exports/types";
import { buildCharts, type ChartModel } from "../../lib/pdf/chart-data";
import { formatCell } from "../../lib/format/cells";
import { renderReportPdf } from "../../lib/pdf/render-report";
import { hourlyModelReport } from "../../testing/sample-report";

const runs = Number(process.argv[2] ?? 3);
const htmlFile = process.argv[3];

function kb(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) : 0;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A chart as an inline SVG: the same series the PDF draws, as lines or bars. */
function svg(chart: ChartModel, width: number, height: number): string {
  const title = `<figure><figcaption>${esc(chart.title)}</figcaption>`;
  if (chart.kind === "empty") return `${title}<p>${esc(chart.detail)}</p></figure>`;
  if (chart.kind === "pie") {
    const total = chart.slices.reduce((s, x) => s + x.value, 0) || 1;
    let angle = 0;
    const r = height / 2 - 10;
    const paths = chart.slices.map((slice) => {
      const a0 = angle;
      angle += (slice.value / total) * 2 * Math.PI;
      const p = (a: number) => `${width / 2 + r * Math.sin(a)},${height / 2 - r * Math.cos(a)}`;
      return `<path d="M${width / 2},${height / 2} L${p(a0)} A${r},${r} 0 ${angle - a0 > Math.PI ? 1 : 0} 1 ${p(angle)} Z" fill="${slice.color}"/>`;
    });
    return `${title}<svg width="${width}" height="${height}">${paths.join("")}</svg></figure>`;
  }
  const values = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1, ...values);
  const n = Math.max(1, chart.xs.length - 1);
  const lines = chart.series.map((s) => {
    const points = s.values
      .map((v, i) =>
        v === null
          ? null
          : `${((i / n) * (width - 40) + 30).toFixed(1)},${(height - 20 - (v / max) * (height - 30)).toFixed(1)}`,
      )
      .filter(Boolean)
      .join(" ");
    return `<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${points}"/>`;
  });
  const axis = `<line x1="30" y1="${height - 20}" x2="${width - 10}" y2="${height - 20}" stroke="#999"/><line x1="30" y1="10" x2="30" y2="${height - 20}" stroke="#999"/>`;
  return `${title}<svg width="${width}" height="${height}">${axis}${lines.join("")}</svg></figure>`;
}

function html(meta: ExportMeta, rows: ExportRow[]): string {
  const tz = meta.range.timezone;
  const charts = buildCharts(meta, rows, tz, 3);
  const head = meta.columns.map((c) => `<th>${esc(c.label)}</th>`).join("");
  const body = rows
    .map((r) => `<tr>${meta.columns.map((c) => `<td>${esc(formatCell(r[c.key] ?? null, c, tz))}</td>`).join("")}</tr>`)
    .join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(meta.reportName)}</title><style>
@page { size: A4; margin: 14mm 12mm; }
body { font: 9px Helvetica, Arial, sans-serif; color: #111; }
h1 { font-size: 18px; color: ${meta.workspace.brandColor}; margin: 0 0 4px; }
figure { margin: 8px 0; } figcaption { font-weight: bold; margin-bottom: 4px; }
.row { display: flex; gap: 12px; }
table { width: 100%; border-collapse: collapse; } thead { display: table-header-group; }
th { text-align: left; border-bottom: 1px solid ${meta.workspace.brandColor}; padding: 3px; }
td { padding: 2px 3px; border-bottom: 1px solid #eee; } tr { break-inside: avoid; }
</style></head><body>
<h1>${esc(meta.reportName)}</h1><p>${esc(meta.workspace.name)} · ${meta.range.from} – ${meta.range.to} (${tz})</p>
${charts[0] ? svg(charts[0], 680, 260) : ""}
<div class="row">${charts
    .slice(1)
    .map((c) => svg(c, 330, 180))
    .join("")}</div>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></body></html>`;
}

async function render(meta: ExportMeta, rows: ExportRow[]): Promise<Buffer> {
  const stream = await renderReportPdf(meta, rows, { template: "detailed" });
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const { meta, rows } = hourlyModelReport(20_000, 48_000);
writeFileSync(htmlFile, html(meta, rows));
const idleKb = kb("VmRSS");
const times: number[] = [];
let pdf: Buffer = Buffer.alloc(0);
for (let i = 0; i <= runs; i++) {
  const t = performance.now();
  pdf = await render(meta, rows);
  // The first run is a warm-up (fonts, module initialisation), not timed.
  if (i > 0) times.push(performance.now() - t);
}
const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
const charts = buildCharts(meta, rows, meta.range.timezone, 3).length;
console.log(JSON.stringify({ times, peakMb: (kb("VmHWM") - idleKb) / 1024, pages, charts, bytes: pdf.length }));
