import { z } from "zod";
import { REDACTIONS } from "../reports/types";
import { contentDisposition } from "./filename";
import type { PreparedExport } from "./pipeline";
import { PDF_TEMPLATES } from "../pdf/templates";
import { EXPORT_FORMATS, type ExportFormat } from "./types";
import { choiceShape, columnsText, refineChoice } from "./choice";

export const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `\`format\` must be one of ${EXPORT_FORMATS.join(", ")}.` }).default("csv"),
  bom: z.enum(["0", "1"]).default("0"),
  template: z.enum(PDF_TEMPLATES).default("detailed"),
  redaction: z.enum(REDACTIONS).optional(),
});

/** A saved report's download: the options above, and the period and fields chosen for this file. */
export const reportExportQuery = exportQuery
  .extend({ ...choiceShape, columns: columnsText.optional() })
  .superRefine(refineChoice);

/**
 * Whether the server may compress a download on the way (Next.js gzips for clients that
 * accept it unless the answer says `no-transform`). CSV and NDJSON are the bulk formats:
 * gzip in the server costs more CPU than writing them and halves their rate, so they go
 * out as written and a proxy in front may compress them. XLSX and PDF are compressed
 * already, and so is Parquet (snappy-compressed pages inside the file). JSON, mostly read by browsers and scripts in smaller sizes, stays compressible.
 */
export const COMPRESSIBLE: Record<ExportFormat, boolean> = {
  csv: false,
  ndjson: false,
  xlsx: false,
  pdf: false,
  parquet: false,
  json: true,
};

export function exportResponse(
  prepared: Pick<PreparedExport, "format" | "body" | "contentType" | "fileName">,
): Response {
  return new Response(prepared.body, {
    headers: {
      "Content-Type": prepared.contentType,
      "Content-Disposition": contentDisposition(prepared.fileName),
      "Cache-Control": COMPRESSIBLE[prepared.format] ? "no-store" : "no-store, no-transform",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
