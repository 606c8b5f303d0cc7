import { z } from "zod";
import { REDACTIONS } from "../reports/types";
import { contentDisposition } from "./filename";
import type { PreparedExport } from "./pipeline";
import { PDF_TEMPLATES } from "../pdf/templates";
import { EXPORT_FORMATS } from "./types";

export const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `\`format\` must be one of ${EXPORT_FORMATS.join(", ")}.` }).default("csv"),
  bom: z.enum(["0", "1"]).default("0"),
  template: z.enum(PDF_TEMPLATES).default("detailed"),
  redaction: z.enum(REDACTIONS).optional(),
});

export function exportResponse(prepared: PreparedExport): Response {
  return new Response(prepared.body, {
    headers: {
      "Content-Type": prepared.contentType,
      "Content-Disposition": contentDisposition(prepared.fileName),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
