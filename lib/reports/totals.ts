import "server-only";
import type { Connection } from "../db/connection";
import { centsColumns } from "./amounts";
import { normalise } from "./cells";
import type { CheckedReport } from "./check";
import { measureKey } from "./definition";
import { compileReport, countReport } from "./engine";
import type { MeasureTotal, ReportTotals } from "./types";

/**
 * The report without its grouping: each measure over everything the range and filters
 * select, as one row (SQL without GROUP BY, the grand-total row of a ROLLUP). Distinct
 * counts, percentiles and averages are then exact, which no sum or mean of grouped rows gives.
 */
function grandTotalReport(report: CheckedReport): CheckedReport {
  return {
    ...report,
    definition: { ...report.definition, groupBy: [], timeBucket: null, sort: [] },
    columns: report.columns.filter((c) => c.kind === "measure"),
  };
}

/** Every headline figure of a report, evaluated by the database, never derived from output rows. */
export async function reportTotals(
  conn: Connection,
  report: CheckedReport,
  workspaceId: string,
): Promise<ReportTotals> {
  const rows = await countReport(conn, report, workspaceId);
  if (!report.aggregated || report.definition.measures.length === 0) return { rows, measures: [] };
  const grand = grandTotalReport(report);
  const { base } = compileReport(conn.provider, grand, workspaceId);
  const [row] = await conn.query(base);
  const values = normalise(grand.columns, row ?? {}, undefined, centsColumns(report));
  const measures: MeasureTotal[] = report.definition.measures.map((m) => {
    const key = measureKey(m);
    const column = grand.columns.find((c) => c.key === key)!;
    const value = values[key];
    return { key, label: column.label, kind: m.fn, value: typeof value === "number" ? value : null };
  });
  return { rows, measures };
}
