import { z } from "zod";
import { issueSchema } from "../ingest/schemas";

// Shared by the import routes, the import page and the OpenAPI document.

export const IMPORT_DATASETS = ["usage_events", "model_metrics", "alerts"] as const;
export type ImportDataset = (typeof IMPORT_DATASETS)[number];

export type ImportFieldType = "text" | "number" | "integer" | "datetime";

export interface ImportField {
  key: string;
  label: string;
  type: ImportFieldType;
  required: boolean;
}

const f = (key: string, label: string, type: ImportFieldType, required = true): ImportField => ({
  key,
  label,
  type,
  required,
});

/** The fields a CSV column can fill, per dataset, in the order the page shows them. */
export const IMPORT_FIELDS: Record<ImportDataset, { label: string; fields: ImportField[] }> = {
  usage_events: {
    label: "Usage events",
    fields: [
      f("occurredAt", "Occurred at", "datetime"),
      f("userId", "User id", "text"),
      f("deviceId", "Device id", "text"),
      f("eventType", "Event type", "text"),
      f("plan", "Plan", "text"),
      f("country", "Country", "text"),
      f("durationMs", "Duration (ms)", "integer"),
      f("revenue", "Revenue", "number", false),
    ],
  },
  model_metrics: {
    label: "Model metrics",
    fields: [
      f("recordedAt", "Recorded at", "datetime"),
      f("modelName", "Model name", "text"),
      f("modelVersion", "Model version", "text"),
      f("accuracy", "Accuracy", "number"),
      f("precision", "Precision", "number"),
      f("recall", "Recall", "number"),
      f("f1", "F1", "number"),
      f("latencyMs", "Latency (ms)", "number"),
      f("driftScore", "Drift score", "number"),
      f("predictionCount", "Prediction count", "integer"),
    ],
  },
  alerts: {
    label: "Alerts",
    fields: [
      f("triggeredAt", "Triggered at", "datetime"),
      f("severity", "Severity", "text"),
      f("source", "Source", "text"),
      f("title", "Title", "text"),
      f("resolvedAt", "Resolved at", "datetime", false),
    ],
  },
};

/** Rows per chunk the page sends; the server takes up to MAX_CHUNK_ROWS. */
export const CHUNK_ROWS = 2000;
export const MAX_CHUNK_ROWS = 5000;

export const createImportBody = z.object({
  dataset: z.enum(IMPORT_DATASETS),
  fileName: z.string().trim().min(1).max(255),
  mapping: z
    .record(z.string().max(200), z.string().max(100))
    .describe("CSV column → dataset field. Columns not named here are ignored."),
  totalRows: z.number().int().min(0).optional(),
});

export const importChunkBody = z.object({
  rows: z
    .array(
      z.object({
        line: z.number().int().min(2).describe("Line of the row in the file (the header is line 1)."),
        values: z.record(z.string(), z.string()).describe("Dataset field → the cell's text."),
      }),
    )
    .min(1)
    .max(MAX_CHUNK_ROWS),
  final: z.boolean().optional().describe("Set on the last chunk: marks the import completed."),
});

export const importRejectionSchema = z.object({ line: z.number().int(), reason: z.string() });

export const csvImportSchema = z.object({
  id: z.string(),
  dataset: z.enum(IMPORT_DATASETS),
  fileName: z.string(),
  mapping: z.record(z.string(), z.string()),
  totalRows: z.number().int().nullable(),
  lastLine: z.number().int().describe("Highest line the server has processed: resume after it."),
  acceptedRows: z.number().int(),
  rejectedRows: z.number().int(),
  rejections: z.array(importRejectionSchema).describe("The first 1,000 rejected lines."),
  status: z.enum(["uploading", "completed"]),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type CsvImportSummary = z.infer<typeof csvImportSchema>;

export const importChunkResultSchema = z.object({
  import: csvImportSchema,
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), issues: z.array(issueSchema) })),
});

export type ImportChunkResult = z.infer<typeof importChunkResultSchema>;
