import "server-only";
import pg from "pg";
import type { Connection } from "../db/connection";
import { inlineValues } from "../db/sql";
import { copyRowsToCsv, type CopyCell } from "./copy-rows";
import { centsColumns } from "../reports/amounts";
import type { CheckedReport } from "../reports/check";
import { compileReport } from "../reports/engine";
import type { OutputColumn } from "../reports/types";

// CSV from PostgreSQL's COPY: COPY (SELECT <one column per CSV cell>) TO STDOUT in the
// text format. The statement writes numbers exactly as the cursor path does (csvCell in
// ./csv.ts: amounts from cents, integers); instants go out as timestamptz text in the
// report's zone and text cells as stored, and ./copy-rows.ts turns instants into the
// cursor path's ISO 8601 and applies papaparse's quoting and the formula guard to the
// few text cells that need it. PostgreSQL then does no per-row pattern
// matching or string building (a regular expression per row cost it about as much as
// writing the row), and Node copies bytes for all other lines.

const literal = (text: string) => pg.escapeLiteral(text);

/** One column's SQL, or null when SQL cannot write it exactly as the cursor path does. */
function cellSql(column: OutputColumn, col: string, cents: boolean): { sql: string; cell: CopyCell } | null {
  if (column.kind !== "field") return null;
  if (column.type === "string" && !cents) return { sql: col, cell: "text" };
  // Amounts are integer cents below 2^50: the decimal with trailing zeros dropped is the
  // shortest text of cents / 100, which is what JavaScript prints. Whole amounts skip the
  // numeric division, the costliest part.
  if (cents)
    return {
      sql: `CASE WHEN ${col} % 100 = 0 THEN (${col} / 100)::text ELSE COALESCE(trim_scale(${col}::numeric / 100)::text, '') END`,
      cell: "plain",
    };
  switch (column.type) {
    // Stored as 32-bit integers, whose text is the same in both.
    case "integer":
      return { sql: `COALESCE(${col}::text, '')`, cell: "plain" };
    // timestamptz's own text in the session's zone (set to the report's), which
    // ./copy-rows.ts rewrites into ISO 8601: to_char cost PostgreSQL a quarter of its time.
    case "datetime":
      return { sql: col, cell: "instant" };
    default:
      // Doubles: PostgreSQL's rounding to 15 digits differs from JavaScript's on ties.
      return null;
  }
}

export interface CopyPlan {
  /** Statements for the session first: the zone instants are written in. */
  setup: string[];
  statement: string;
  /** What each column holds, for ./copy-rows.ts. */
  cells: CopyCell[];
  timeZone: string;
}

/**
 * The COPY statement for a report's CSV rows (header not included), or null when a column
 * needs JavaScript: aggregates, doubles, and masked columns (the masking key stays in this
 * process, never in statement text, logs or pg_stat_activity).
 */
export function copyPlan(report: CheckedReport, workspaceId: string): CopyPlan | null {
  if (report.aggregated) return null;
  const masked = report.redaction === "masked";
  const cents = centsColumns(report);
  const sql: string[] = [];
  const cells: CopyCell[] = [];
  for (const c of report.columns) {
    if (masked && c.sensitive) return null;
    const cell = cellSql(c, `q.${pg.escapeIdentifier(c.key)}`, cents.has(c.key));
    if (cell === null) return null;
    sql.push(cell.sql);
    cells.push(cell.cell);
  }
  if (sql.length === 0) return null;
  const { base, orderBy } = compileReport("postgres", report, workspaceId);
  const rows = inlineValues(base, "postgres", literal);
  const order = inlineValues(orderBy, "postgres", literal);
  const statement = `COPY (SELECT ${sql.join(", ")} FROM (${rows} ORDER BY ${order} LIMIT ${report.definition.limit}) q) TO STDOUT`;
  const timeZone = report.range.timezone;
  return {
    setup: [`SET TIME ZONE ${literal(timeZone)}`, "SET DateStyle TO ISO"],
    statement,
    cells,
    timeZone,
  };
}

/** The report's CSV lines from PostgreSQL's COPY, or null when the cursor path must write them. */
export function copyCsvLines(
  conn: Connection,
  report: CheckedReport,
  workspaceId: string,
): AsyncGenerator<Uint8Array> | null {
  if (conn.provider !== "postgres" || !conn.copyOut) return null;
  const plan = copyPlan(report, workspaceId);
  if (!plan) return null;
  const chunks = conn.copyOut(plan.statement, plan.setup);
  return (async function* () {
    const csv = copyRowsToCsv(plan.cells, plan.timeZone);
    for await (const chunk of chunks) yield* csv.write(chunk);
    csv.end();
  })();
}
