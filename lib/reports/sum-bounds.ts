import "server-only";
import { ApiError } from "../errors";
import type { Connection } from "../db/connection";
import { join, raw, sql } from "../db/sql";
import { MAX_AMOUNT_TEXT, MAX_CENTS } from "../money/cents";
import type { CheckedReport } from "./check";
import { measureKey } from "./definition";
import { compileReport } from "./engine";
import { formatInteger } from "../format/numbers";

/** The largest whole-number sum a report gives: beyond 2^53 − 1 a double no longer holds every integer. */
export const MAX_INTEGER_SUM = Number.MAX_SAFE_INTEGER;

/**
 * Refuses a report whose sums could leave their exact range, before any row is read or
 * sent: for each sum of money or of whole numbers, the sum of the absolute values over
 * the report's rows (range and filters) must lie within the bound. That bounds every
 * group's sum, every average and every total a PDF or workbook shows, so an aggregate is
 * never Infinity, null or a rounded number. SQLite's TOTAL is a double and never overflows.
 */
export async function assertSumsInBounds(conn: Connection, report: CheckedReport, workspaceId: string): Promise<void> {
  if (!report.aggregated) return;
  const sums = report.definition.measures.flatMap((m, index) => {
    if (m.fn !== "sum" || !m.field) return [];
    const field = report.dataset.fields.find((f) => f.key === m.field);
    if (!field || !(field.cents || field.type === "integer")) return [];
    return [{ key: measureKey(m), index, field, bound: field.cents ? MAX_CENTS : MAX_INTEGER_SUM }];
  });
  if (sums.length === 0) return;
  const { from, sumColumn } = compileReport(conn.provider, report, workspaceId);
  const total = conn.provider === "sqlite" ? "TOTAL" : "SUM";
  const checks = sums.map((s, i) => sql`${raw(`${total}(ABS("${sumColumn(s.field)}"))`)} AS ${raw(`"s${i}"`)}`);
  const [row] = await conn.query<Record<string, unknown>>(sql`SELECT ${join(checks)} ${from}`);
  sums.forEach((s, i) => {
    const value = Number(row?.[`s${i}`] ?? 0);
    if (value <= s.bound) return;
    const column = report.columns.find((c) => c.key === s.key);
    const limit = s.field.cents ? `${MAX_AMOUNT_TEXT} USD` : formatInteger(s.bound);
    throw new ApiError(
      "unprocessable",
      `"${column?.label ?? s.key}" could exceed ${limit}, the largest sum Chartroom gives exactly. Narrow the time range or add filters.`,
      { param: `definition.measures.${s.index}` },
    );
  });
}
