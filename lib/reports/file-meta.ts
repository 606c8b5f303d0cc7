// What every export file says about itself besides its rows. It lives with reports, below
// both the export writers and the PDF renderer, so neither has to import the other for it.
import type { ChartType } from "./definition";
import type { Notice, OutputColumn, ReportTotals } from "./types";

/** Who the export is for: drawn on PDFs and spreadsheet summaries. */
export interface ExportBranding {
  name: string;
  slug: string;
  timezone: string;
  locale: string;
  /** "#rrggbb" */
  brandColor: string;
  /** A data: URL or an absolute path to a PNG/JPEG file; null for none. */
  logoUrl: string | null;
}

/** Everything about an export except its rows. */
export interface ExportMeta {
  reportName: string;
  description: string;
  workspace: ExportBranding;
  /** Inclusive local dates in `timezone`. */
  range: { from: string; to: string; timezone: string };
  /** Human-readable filters, e.g. "Event type is purchase". */
  filters: string[];
  generatedAt: Date;
  columns: OutputColumn[];
  chart: { type: ChartType; x?: string; y?: string[] };
  /** Row limit of the report (rows beyond it are not exported). */
  limit: number;
  /** Rows the report has before its limit, when known. */
  totalRows: number | null;
  notices: Notice[];
  /**
   * The headline figures, evaluated by the engine over the whole range and filters (not
   * from the rows in the file), when the format shows them.
   */
  totals?: ReportTotals | null;
}

/** One row as exports receive it: instants as Dates, numbers as numbers. */
export type { ReportRow as ExportRow } from "./engine";
