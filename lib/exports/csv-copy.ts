import "server-only";
import pg from "pg";
import type { Connection } from "../db/connection";
import { inlineValues } from "../db/sql";
import { centsColumns } from "../reports/amounts";
import type { CheckedReport } from "../reports/check";
import { compileReport } from "../reports/engine";
import type { OutputColumn } from "../reports/types";

// CSV written by PostgreSQL itself: COPY (SELECT <one CSV line per row>) TO STDOUT. Every
// cell is turned into exactly the text the cursor path writes (csvCell in ./csv.ts:
// papaparse's quoting and the formula guard, ISO 8601 instants with the zone's offset,
// amounts from cents) by SQL in the statement, so Node only passes bytes along.

const literal = (text: string) => pg.escapeLiteral(text);

/** A number as papaparse's check would read it: such text is never a formula, whatever its sign. */
const NUMERIC_TEXT = "^[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$";
/** What makes papaparse quote a cell: a quote, comma, CR, LF or BOM anywhere, a space at either end. */
const NEEDS_QUOTES = '[",\r\n\uFEFF]|^ | $';
/** Text cells are joined with this to test a whole row at once. */
const JOINER = "\u0001";
/**
 * A row whose text cells (joined) do not match this needs neither quotes nor the formula
 * guard in any cell: nothing to quote anywhere, no cell that starts with a space or a
 * formula character or ends with a space. A cell holding the joiner itself can only make
 * a row match that would not have to (it then takes the cell-by-cell way), never the reverse.
 */
const ROW_NEEDS_CARE = `(^|${JOINER})[ =+@\t\r-]|[ ](${JOINER}|$)|[",\r\n\uFEFF]`;

/** csvCell of a text column, in SQL. */
function textCell(col: string): string {
  const quoted = `'"' || replace(${col}, '"', '""') || '"'`;
  const first = `left(${col}, 1)`;
  const formula =
    `(${first} IN ('=', '@', ${literal("\t")}, ${literal("\r")}) ` +
    `OR (${first} IN ('+', '-') AND ${col} !~ ${literal(NUMERIC_TEXT)}))`;
  return (
    `CASE WHEN ${col} IS NULL THEN '' ` +
    `WHEN ${formula} THEN '"''' || replace(${col}, '"', '""') || '"' ` +
    `WHEN ${col} ~ ${literal(NEEDS_QUOTES)} THEN ${quoted} ` +
    `ELSE ${col} END`
  );
}

/** One column's cell, or null when SQL cannot write it exactly as the cursor path does. */
function cellSql(column: OutputColumn, col: string, cents: boolean): { plain: string; careful: string } | null {
  if (column.kind !== "field") return null;
  if (column.type === "string" && !cents) return { plain: `COALESCE(${col}, '')`, careful: textCell(col) };
  const cell = otherCell(column, col, cents);
  return cell === null ? null : { plain: cell, careful: cell };
}

function otherCell(column: OutputColumn, col: string, cents: boolean): string | null {
  // Amounts are integer cents below 2^50: the decimal with trailing zeros dropped is the
  // shortest text of cents / 100, which is what JavaScript prints.
  if (cents) return `COALESCE(trim_scale(${col}::numeric / 100)::text, '')`;
  switch (column.type) {
    // Stored as 32-bit integers, whose text is the same in both.
    case "integer":
      return `COALESCE(${col}::text, '')`;
    // Local time and offset in the session's zone (set to the report's), milliseconds cut
    // as the cursor path cuts them; never quoted, never a formula.
    case "datetime":
      return `COALESCE(to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MSTZH:TZM'), '')`;
    default:
      // Doubles: PostgreSQL's rounding to 15 digits differs from JavaScript's on ties.
      return null;
  }
}

export interface CopyPlan {
  /** Statements for the session first: the zone instants are written in. */
  setup: string[];
  statement: string;
}

/**
 * The COPY statement for a report's CSV lines (header not included), or null when a column
 * needs JavaScript: aggregates, doubles, and masked columns (the masking key stays in this
 * process, never in statement text, logs or pg_stat_activity).
 */
export function copyPlan(report: CheckedReport, workspaceId: string): CopyPlan | null {
  if (report.aggregated) return null;
  const masked = report.redaction === "masked";
  const cents = centsColumns(report);
  const cells: { plain: string; careful: string }[] = [];
  const texts: string[] = [];
  for (const c of report.columns) {
    if (masked && c.sensitive) return null;
    const col = `q.${pg.escapeIdentifier(c.key)}`;
    const cell = cellSql(c, col, cents.has(c.key));
    if (cell === null) return null;
    cells.push(cell);
    if (cell.plain !== cell.careful) texts.push(col);
  }
  if (cells.length === 0) return null;
  // One pattern test per row rather than several per text cell: most rows need no care.
  const join = (key: "plain" | "careful") => cells.map((c) => c[key]).join(" || ',' || ");
  const cellsSql =
    texts.length === 0
      ? join("plain")
      : `CASE WHEN concat_ws(${literal(JOINER)}, ${texts.join(", ")}) ~ ${literal(ROW_NEEDS_CARE)} ` +
        `THEN ${join("careful")} ELSE ${join("plain")} END`;
  const { base, orderBy } = compileReport("postgres", report, workspaceId);
  const rows = inlineValues(base, "postgres", literal);
  const order = inlineValues(orderBy, "postgres", literal);
  // The line ends in CR: COPY's text format ends each row with LF, so lines end in CRLF.
  const line = `${cellsSql} || ${literal("\r")}`;
  const statement = `COPY (SELECT ${line} FROM (${rows} ORDER BY ${order} LIMIT ${report.definition.limit}) q) TO STDOUT`;
  return { setup: [`SET TIME ZONE ${literal(report.range.timezone)}`], statement };
}

const BACKSLASH = 0x5c;
const ESCAPED: Record<number, number> = { 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b };

/**
 * Undoes COPY's text format, chunk by chunk (an escape may be split between chunks): a
 * backslash before b, f, n, r, t or v stands for that control character, before anything
 * else for the character itself.
 */
export function copyTextDecoder(): (chunk: Buffer) => Buffer {
  let pending = false;
  return (chunk) => {
    let at = chunk.indexOf(BACKSLASH);
    if (at < 0 && !pending) return chunk;
    const out = Buffer.allocUnsafe(chunk.length + 1);
    let n = 0;
    let from = 0;
    if (chunk.length === 0) return chunk;
    if (pending) {
      pending = false;
      out[n++] = ESCAPED[chunk[0]] ?? chunk[0];
      from = 1;
      at = chunk.indexOf(BACKSLASH, 1);
    }
    while (at >= 0) {
      n += chunk.copy(out, n, from, at);
      if (at + 1 === chunk.length) {
        pending = true;
        from = chunk.length;
        break;
      }
      const c = chunk[at + 1];
      out[n++] = ESCAPED[c] ?? c;
      from = at + 2;
      at = chunk.indexOf(BACKSLASH, from);
    }
    n += chunk.copy(out, n, from, chunk.length);
    return out.subarray(0, n);
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
    const decode = copyTextDecoder();
    for await (const chunk of chunks) yield decode(chunk);
  })();
}
