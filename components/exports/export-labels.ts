import { formatBytes } from "@/lib/format/bytes";
import { formatDecimal, formatInteger } from "@/lib/format/numbers";
import type { ExportJob, ExportOptions, ExportStatus } from "@/components/hooks/export-queries";
import type { BadgeTone } from "@/components/ui/badge";
import { clampPercent } from "@/components/ui/progress-bar";
import type { ExportFormat } from "@/lib/exports/types";
import type { PdfTemplate } from "@/lib/pdf/templates";

// Labels, units and progress wording of exports, shared by the dialog, the exports page,
// run history, the outbox and the import page.

// ---------- Formats ----------

export interface FormatChoice {
  format: ExportFormat;
  label: string;
  description: string;
  /** The options this format understands; each one shows its control in the dialog. */
  options: readonly (keyof ExportOptions)[];
}

/** The formats people can pick, in the order shown. A new format is one more entry here. */
export const FORMAT_CHOICES: readonly FormatChoice[] = [
  { format: "csv", label: "CSV", description: "Plain text that opens in any spreadsheet.", options: ["bom"] },
  {
    format: "xlsx",
    label: "Excel (XLSX)",
    description: "A workbook with typed cells and a frozen header row.",
    options: [],
  },
  { format: "json", label: "JSON", description: "One document with the columns and the rows.", options: [] },
  {
    format: "ndjson",
    label: "NDJSON",
    description: "One JSON object per line, for scripts and pipelines.",
    options: [],
  },
  {
    format: "parquet",
    label: "Parquet",
    description: "Typed columns for warehouses, DuckDB, pandas and Spark.",
    options: [],
  },
  {
    format: "pdf",
    label: "PDF",
    description: "A branded report with charts and a table of the first 20,000 rows.",
    options: ["template"],
  },
];

export const TEMPLATE_CHOICES: readonly { template: PdfTemplate; label: string; description: string }[] = [
  { template: "detailed", label: "Detailed", description: "Every chart and a table of up to 20,000 rows." },
  { template: "executive", label: "Executive", description: "Headline numbers, charts and the top 25 rows." },
  {
    template: "comparison",
    label: "Comparison",
    description: "This period next to the previous one of equal length, with the change in each number.",
  },
];

export function formatLabel(format: ExportFormat): string {
  return FORMAT_CHOICES.find((c) => c.format === format)?.label ?? format.toUpperCase();
}

// ---------- Statuses and numbers (shared with the Exports page) ----------

export const STATUS_LABELS: Record<ExportStatus, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  canceled: "Canceled",
  expired: "Expired",
};

export const STATUS_TONES: Record<ExportStatus, BadgeTone> = {
  queued: "neutral",
  running: "info",
  succeeded: "success",
  failed: "danger",
  canceled: "neutral",
  expired: "warning",
};

// One rule for sizes and durations across the app (see lib/format).
export { formatBytes };
export { formatDuration } from "@/lib/format/durations";

function formatEta(seconds: number, locale?: string): string {
  if (seconds < 1) return "almost done";
  if (seconds < 60) return `about ${Math.ceil(seconds)} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${formatDecimal(seconds / 3600, locale, 1)} h left`;
}

function formatRows(count: number, locale?: string): string {
  return `${formatInteger(count, locale)} ${count === 1 ? "row" : "rows"}`;
}

/** "12,000 of 48,000 rows · 25% · about 3 s left" (parts that are unknown are left out). */
export function progressText(job: ExportJob, locale?: string): string {
  const parts = [
    job.totalRows !== null
      ? `${formatInteger(job.rowsDone, locale)} of ${formatRows(job.totalRows, locale)}`
      : formatRows(job.rowsDone, locale),
  ];
  const percent = clampPercent(job.percent);
  if (percent !== null) parts.push(`${Math.floor(percent)}%`);
  if (job.status === "running" && job.etaSeconds !== null) parts.push(formatEta(job.etaSeconds, locale));
  return parts.join(" · ");
}

/** "Done — 48,000 rows, 2.1 MB" */
export function doneText(job: ExportJob, locale?: string): string {
  const size = job.byteSize !== null ? `, ${formatBytes(job.byteSize, locale)}` : "";
  return `Done — ${formatRows(job.rowsDone, locale)}${size}`;
}
