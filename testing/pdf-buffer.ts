import type { ExportMeta, ExportRow } from "../lib/reports/file-meta";
import { renderReportPdf, type RenderPdfOptions } from "../lib/pdf/render-report";

/** A report PDF as one buffer, for tests that read it back. */
export async function renderReportPdfBuffer(
  meta: ExportMeta,
  rows: ExportRow[],
  options: RenderPdfOptions = {},
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await renderReportPdf(meta, rows, options)) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
