import { z } from "zod";
import { REDACTIONS } from "./types";
import { MAX_PAGE_SIZE } from "./limits";

// Request bodies of the reports API. The definition itself is checked by check.ts so
// that its errors can name paths inside it.

const name = z.string().trim().min(1, { error: "A report needs a name." }).max(200);
const description = z.string().max(2000);

export const createReportBody = z.object({ name, description: description.optional(), definition: z.unknown() });

export const updateReportBody = z
  .object({ name: name.optional(), description: description.optional(), definition: z.unknown().optional() })
  .refine((b) => b.name !== undefined || b.description !== undefined || b.definition !== undefined, {
    error: "Nothing to update: send name, description or definition.",
  });

export const previewBody = z
  .object({
    definition: z.unknown().optional(),
    reportId: z.string().min(1).max(64).optional(),
    page: z.number().int().min(0).max(1_000_000).default(0),
    pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
    redaction: z.enum(REDACTIONS).optional(),
  })
  .refine((b) => b.definition !== undefined || b.reportId !== undefined, {
    error: "Send a definition or a reportId.",
    path: ["definition"],
  });

export const seriesBody = z
  .object({ definition: z.unknown().optional(), reportId: z.string().min(1).max(64).optional() })
  .refine((b) => b.definition !== undefined || b.reportId !== undefined, {
    error: "Send a definition or a reportId.",
    path: ["definition"],
  });

export const validateBody = z.object({ definition: z.unknown() });

export const listQuery = z.object({ q: z.string().max(200).default("") });
