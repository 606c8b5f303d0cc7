export const EXPORT_FORMATS = ["csv", "json", "ndjson", "xlsx", "pdf", "parquet"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FILE_EXTENSION: Record<ExportFormat, string> = {
  csv: "csv",
  json: "json",
  ndjson: "ndjson",
  xlsx: "xlsx",
  pdf: "pdf",
  parquet: "parquet",
};

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
  parquet: "application/vnd.apache.parquet",
};

export type { ExportBranding, ExportMeta, ExportRow } from "../reports/file-meta";
import type { ExportChoice } from "./choice";

/** Called after each written batch. */
export type ProgressCallback = (rowsWritten: number) => void;

export interface WriteResult {
  rows: number;
}

export const EXPORT_STATUSES = ["queued", "running", "succeeded", "failed", "canceled", "expired"] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** An export job as the API returns it. */
export interface ExportJob {
  id: string;
  reportId: string | null;
  reportName: string;
  format: ExportFormat;
  status: ExportStatus;
  rowsDone: number;
  totalRows: number | null;
  /** 0–100; null while the total is unknown. */
  percent: number | null;
  etaSeconds: number | null;
  byteSize: number | null;
  durationMs: number | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string | null;
  errorMessage: string | null;
  /** Set once the export succeeded. */
  downloadUrl: string | null;
  /** Whether sensitive fields were pseudonymised ("masked") or kept ("raw", admins only). */
  redaction: "masked" | "raw";
  /** The period and fields chosen for this file, when it does not export the report as saved. */
  /** What was chosen at export time, with the chosen fields' labels as the file names them. */
  choice: (ExportChoice & { fieldLabels?: string[] }) | null;
}
