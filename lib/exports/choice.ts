import { z } from "zod";
import { ApiError } from "../errors";
import { formatInteger } from "../format/numbers";
import { checkDefinition, type CheckedReport } from "../reports/check";
import {
  BUCKET_KEY,
  MAX_RANGE_DAYS,
  measureKey,
  RELATIVE_PRESETS,
  type RelativePreset,
  type ReportDefinition,
  type TimeRange,
} from "../reports/definition";
import { dayCount } from "../reports/time-range";
import { boundedIsoDate } from "../time/bounds";

// The period and fields someone picks when exporting a report, without editing it. The
// choice becomes a narrower definition that is checked again, so the engine, the totals,
// the chart series and the masking all work on exactly what the file holds.

/** The most fields one export may name (a definition holds at most 50 columns). */
const MAX_COLUMNS = 50;

export const choiceShape = {
  from: boundedIsoDate("`from`").optional(),
  to: boundedIsoDate("`to`").optional(),
  preset: z.enum(RELATIVE_PRESETS, { error: `\`preset\` must be one of ${RELATIVE_PRESETS.join(", ")}.` }).optional(),
};

const columnKey = z.string().trim().min(1, "A column name is empty.").max(64);

/** `columns` as a JSON body sends it: a list of the report's column keys. */
export const columnsList = z
  .array(columnKey)
  .min(1, "Choose at least one column.")
  .max(MAX_COLUMNS, `Choose at most ${MAX_COLUMNS} columns.`);

/** `columns` as a query string sends it: keys separated by commas ("time,event,revenue"). */
export const columnsText = z
  .string()
  .max(MAX_COLUMNS * 65)
  .refine((text) => text.split(",").every((c) => c.trim() !== ""), "Name each column, separated by commas.")
  .transform((text) => text.split(",").map((c) => c.trim()))
  .pipe(columnsList);

export interface ExportChoice {
  from?: string;
  to?: string;
  preset?: RelativePreset;
  columns?: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Rules across the choice's fields, as zod issues so the answer names the parameter at
 * fault. zod runs this even when a field failed its own check, so it looks only at
 * values of the right shape and leaves the rest to that field's own message.
 */
export function refineChoice(choice: ExportChoice, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (choice.preset !== undefined && (choice.from !== undefined || choice.to !== undefined)) {
    issue("preset", "Give either `preset` or `from` and `to`, not both.");
  } else if (choice.from !== undefined && choice.to === undefined) {
    issue("to", "`to` is needed with `from`.");
  } else if (choice.to !== undefined && choice.from === undefined) {
    issue("from", "`from` is needed with `to`.");
  } else if (choice.from !== undefined && choice.to !== undefined && DATE.test(choice.from) && DATE.test(choice.to)) {
    if (choice.from > choice.to) issue("from", "`from` must be on or before `to`.");
    else if (dayCount(choice.from, choice.to) > MAX_RANGE_DAYS) {
      issue(
        "to",
        `The period covers ${formatInteger(dayCount(choice.from, choice.to))} days; one export covers at most ${formatInteger(MAX_RANGE_DAYS)}.`,
      );
    }
  }
  if (!Array.isArray(choice.columns)) return;
  const seen = new Set<string>();
  choice.columns.forEach((key) => {
    if (seen.has(key)) issue("columns", `"${key}" is chosen twice.`);
    seen.add(key);
  });
}

/** True when the request chose anything; otherwise the saved report is exported as it is. */
export function hasChoice(choice: ExportChoice): boolean {
  return choice.from !== undefined || choice.preset !== undefined || choice.columns !== undefined;
}

/** The choice alone, without the request's other fields, as a job keeps it in its options. */
export function pickChoice(input: ExportChoice): ExportChoice {
  const { from, to, preset, columns } = input;
  return {
    ...(from !== undefined ? { from, to } : {}),
    ...(preset !== undefined ? { preset } : {}),
    ...(columns !== undefined ? { columns } : {}),
  };
}

/** "previous_week" → "Previous week", as the builder's period picker says it. */
export function presetLabel(preset: RelativePreset): string {
  const words = preset.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function chosenRange(choice: ExportChoice, saved: TimeRange): TimeRange {
  if (choice.preset) return { type: "relative", preset: choice.preset };
  if (choice.from && choice.to) return { type: "absolute", from: choice.from, to: choice.to };
  return saved;
}

/**
 * The saved definition narrowed to the chosen fields, in the report's own order. Aggregated
 * reports are grouped again by the chosen dimensions only, so each row is one group of what
 * the file shows (not a repeated label from a finer grouping the file no longer has).
 */
function chosenDefinition(report: CheckedReport, keys: Set<string>): ReportDefinition {
  const def = report.definition;
  const narrowed: ReportDefinition = report.aggregated
    ? {
        ...def,
        groupBy: def.groupBy.filter((k) => keys.has(k)),
        timeBucket: keys.has(BUCKET_KEY) ? def.timeBucket : null,
        measures: def.measures.filter((m) => keys.has(measureKey(m))),
      }
    : { ...def, columns: def.columns.filter((k) => keys.has(k)) };
  const y = def.chart.y?.filter((k) => keys.has(k));
  const chartLost = (def.chart.x !== undefined && !keys.has(def.chart.x)) || (def.chart.y?.length && !y?.length);
  return {
    ...narrowed,
    sort: def.sort.filter((s) => keys.has(s.key)),
    chart: chartLost ? { type: "none" } : { ...def.chart, ...(y ? { y } : {}) },
  };
}

function columnsProblem(report: CheckedReport, columns: string[]): string | null {
  const known = new Set(report.columns.map((c) => c.key));
  const unknown = columns.find((key) => !known.has(key));
  if (unknown !== undefined) {
    return `"${unknown}" is not a column of this report; its columns are ${report.columns.map((c) => c.key).join(", ")}.`;
  }
  if (report.aggregated && !report.columns.some((c) => c.kind === "measure" && columns.includes(c.key))) {
    const figures = report.columns.filter((c) => c.kind === "measure").map((c) => c.key);
    return `Choose at least one figure of this report (${figures.join(", ")}): its rows are groups, and a group needs a figure.`;
  }
  return null;
}

/**
 * The report an export with this choice runs: the saved one when nothing was chosen, else
 * its definition with the chosen period and fields, checked again. The file says what was
 * chosen in a notice, first among its notices so every format shows it.
 */
export function applyExportChoice(report: CheckedReport, choice: ExportChoice, timezone: string): CheckedReport {
  if (!hasChoice(choice)) return report;
  const columns = choice.columns;
  if (columns) {
    const problem = columnsProblem(report, columns);
    if (problem) throw new ApiError("invalid_parameter", problem, { param: "columns" });
  }
  const definition = columns ? chosenDefinition(report, new Set(columns)) : { ...report.definition };
  definition.timeRange = chosenRange(choice, report.definition.timeRange);
  const chosen = checkDefinition(definition, { timezone });
  const period = `${choice.preset ? `${presetLabel(choice.preset)}, ` : ""}${chosen.range.from} – ${chosen.range.to}`;
  const fields = columns
    ? `${columns.length} of ${report.columns.length} fields: ${chosen.columns.map((c) => c.label).join(", ")}`
    : `all ${report.columns.length} fields`;
  const message = `Chosen for this export: ${choice.preset || choice.from ? period : "the report's own period"}; ${fields}. The saved report is unchanged.`;
  return {
    ...chosen,
    redaction: report.redaction,
    notices: [{ code: "export_choice", message }, ...chosen.notices.filter((n) => n.code !== "columns_defaulted")],
  };
}
