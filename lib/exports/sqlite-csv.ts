import "server-only";
import type { Connection } from "../db/connection";
import { raw, sql, toDate, type Sql } from "../db/sql";
import { centsColumns } from "../reports/amounts";
import { cellConverter } from "../reports/cells";
import type { CheckedReport } from "../reports/check";
import { compileReport } from "../reports/engine";
import type { OutputColumn } from "../reports/types";
import { csvCell } from "./csv";
import { isoFormatterMs } from "./instant-text";
import { groupedChunkQueries, groupedChunks, type GroupedChunk, type GroupedQueries } from "./sqlite-csv-grouped";

// CSV lines written mostly by SQLite itself: each run of columns between instants comes
// back as one text per row, built with concat(), so the driver hands over a string or two
// per row instead of a value per cell. Instants come as they are stored and are written
// by the in-process formatter (cheaper than strftime per row). Each line is byte for byte
// what the in-process writer (csvStream over streamReportValues) writes:
// - a row SQL cannot write exactly (a number of an unexpected type or out of range, a
//   comma in a text cell) comes back as a JSON array of its raw values (a blob, so it
//   cannot be mistaken for text) and is written by the in-process cell rules;
// - a line with anything papaparse or the formula guard would change (one pattern test
//   per run of cells in JavaScript) is split at its commas (text cells hold none, see
//   above) and its text cells written by csvCell.
// Text columns are declared TEXT, so SQLite stores any number written to them as text:
// their values are text, null or (never written by the app) a blob, whose bytes both
// paths decode as UTF-8 (sqlite-csv.test.ts checks the declarations).

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Amounts below 2^50 cents: the decimal with trailing zeros dropped is what JavaScript prints for cents / 100. */
const MAX_CENTS = 2 ** 50 - 1;
/**
 * Rows per chunk, as on the cursor path: a row costs the event loop about half as much
 * here, and 2,000-row chunks measured no faster while two exports at once then held
 * /api/health up longer (p95 86 ms against 58 ms).
 */
const BATCH_ROWS = 1000;

/**
 * A line with a cell csvCell would change: a quote, CR, LF or BOM anywhere, a cell starting
 * with a space or a formula character, or ending with a space. Numbers that start with a
 * minus match too; they are then only split and written again unchanged.
 */
const LINE_NEEDS_CARE = /["\r\n\uFEFF]|(?:^|,)[ =+@\t\r-]| (?:,|$)/;
/** The same over a chunk of lines joined by LF (an LF in a cell is caught by counting lines). */
const CHUNK_NEEDS_CARE = /["\r\uFEFF]|(?:^|[,\n])[ =+@\t\r-]| (?:[,\n]|$)/;

type CellKind = "text" | "integer" | "cents" | "instant";

interface Chunking {
  query: (after: [unknown, unknown] | null, rows: number) => Sql;
  /** Positions of the time and the id among a row's values. */
  time: number;
  id: number;
  /** The keyset's comparison: later rows in the report's order. */
  after: ">" | "<";
}

interface Plan {
  query: Sql;
  /**
   * Reports in time order (the time field first and alone, ties by id): the query for the
   * next chunk after a row's time and id, and where a row holds them.
   */
  chunk: Chunking | null;
  /** Reports in time order that show the time first and then one run of cells: chunks read as one text each. */
  grouped: GroupedQueries | null;
  kinds: CellKind[];
  /** What each value of a row is: a run of cells SQL joined, or one instant (its column). */
  parts: ({ run: true } | { run: false; column: number })[];
  columns: OutputColumn[];
  cents: Set<string>;
  timeZone: string;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function tableColumn(report: CheckedReport, key: string): string {
  const field = report.dataset.fields.find((f) => f.key === key);
  if (!field) throw new Error(`field ${key} escaped the check`);
  return field.column;
}

/** Cents as the shortest decimal of cents / 100, as JavaScript prints it. */
function centsSql(col: string): string {
  const abs = `abs(${col})`;
  const decimals = `CASE WHEN ${abs} % 10 = 0 THEN ${abs} % 100 / 10 ELSE substr(${abs} % 100 + 100, 2) END`;
  return (
    `CASE WHEN ${col} % 100 = 0 THEN ${col} / 100 ` +
    `ELSE (CASE WHEN ${col} < 0 THEN '-' ELSE '' END) || (${abs} / 100) || '.' || ${decimals} END`
  );
}

/** How each column is written, or null when a column needs JavaScript for every row (doubles, buckets, masking). */
function cellKinds(report: CheckedReport, cents: Set<string>): CellKind[] | null {
  if (report.aggregated) return null;
  const masked = report.redaction === "masked";
  const kinds: CellKind[] = [];
  for (const c of report.columns) {
    if (c.kind !== "field" || (masked && c.sensitive)) return null;
    if (cents.has(c.key)) kinds.push("cents");
    else if (c.type === "string") kinds.push("text");
    else if (c.type === "integer") kinds.push("integer");
    else if (c.type === "datetime") kinds.push("instant");
    else return null;
  }
  return kinds.length > 0 ? kinds : null;
}

/** The statement for a report's CSV lines (header not included), or null when the in-process writer must write them. */
export function sqliteCsvPlan(report: CheckedReport, workspaceId: string): Plan | null {
  const cents = centsColumns(report);
  const kinds = cellKinds(report, cents);
  if (!kinds) return null;
  const select: string[] = [];
  const parts: Plan["parts"] = [];
  const odd: string[] = [];
  const texts: string[] = [];
  const values: string[] = [];
  let run: string[] = [];
  const endRun = () => {
    if (run.length === 0) return;
    select.push(`concat(${run.join(", ',', ")})`);
    parts.push({ run: true });
    run = [];
  };
  report.columns.forEach((c, i) => {
    // The table's own columns: a SELECT straight over the table, with no subquery to step through.
    const col = quoteIdent(tableColumn(report, c.key));
    // Reals and blobs keep every bit through the JSON: a double as 17 digits, a blob as hex.
    values.push(
      `CASE typeof(${col}) WHEN 'real' THEN json_object('r', printf('%!.17g', ${col})) ` +
        `WHEN 'blob' THEN json_object('b', hex(${col})) ELSE ${col} END`,
    );
    switch (kinds[i]) {
      case "text":
        run.push(col);
        texts.push(col);
        break;
      case "integer":
        run.push(col);
        odd.push(`typeof(${col}) NOT IN ('integer', 'null') OR ${col} NOT BETWEEN ${-MAX_SAFE} AND ${MAX_SAFE}`);
        break;
      case "cents":
        run.push(centsSql(col));
        odd.push(`typeof(${col}) NOT IN ('integer', 'null') OR ${col} NOT BETWEEN ${-MAX_CENTS} AND ${MAX_CENTS}`);
        break;
      case "instant":
        endRun();
        select.push(col);
        parts.push({ run: false, column: i });
        break;
    }
  });
  endRun();
  // One test for commas over all text cells at once: such a row could not be split again.
  if (texts.length > 0) odd.push(`instr(concat(${texts.join(", ")}), ',') > 0`);
  // The first run carries the JSON of a row that needs JavaScript; with no run, nothing does.
  const first = parts.findIndex((p) => p.run);
  const plainRun = select[first];
  if (first >= 0 && odd.length > 0) {
    select[first] =
      `CASE WHEN ${odd.map((o) => `(${o})`).join(" OR ")} ` +
      `THEN CAST(json_array(${values.join(", ")}) AS BLOB) ELSE ${select[first]} END`;
  }
  const { from, tableOrderBy } = compileReport("sqlite", report, workspaceId);
  if (!tableOrderBy) return null;
  const selected = raw(select.join(", "));
  const query = sql`SELECT ${selected} ${from} ORDER BY ${tableOrderBy} LIMIT ${report.definition.limit}`;
  const chunk = chunkQuery(report, select, parts, from, tableOrderBy);
  // The time first and every other cell in one run (the usual export): whole chunks as one text.
  const time = quoteIdent(tableColumn(report, report.dataset.timeField));
  const timeFirst = parts.length === 2 && chunk?.time === 0 && parts[1].run;
  const grouped =
    chunk && timeFirst
      ? groupedChunkQueries(
          `CASE WHEN ${[`typeof(${time}) <> 'integer'`, ...odd].map((o) => `(${o})`).join(" OR ")} ` +
            `THEN json_array(${values.join(", ")}) ELSE concat(${time}, ',', ${plainRun}) END`,
          time,
          from,
          tableOrderBy,
          chunk.after,
        )
      : null;
  return {
    query,
    chunk,
    grouped,
    kinds,
    parts,
    columns: report.columns,
    cents,
    timeZone: report.range.timezone,
  };
}

/**
 * Chunks by keyset on (time, id), each read whole in one call: fewer calls into the driver
 * than stepping row by row. Only for the time order, which the (workspace, time) index
 * delivers without a sort; any other order is read in one statement. The time comes from
 * the row's own instant value when the report shows the time field: every value the driver
 * hands over costs, and a row's values are most of the export's time.
 */
function chunkQuery(
  report: CheckedReport,
  select: string[],
  parts: Plan["parts"],
  from: Sql,
  order: Sql,
): Plan["chunk"] {
  const sort = report.definition.sort;
  const time = tableColumn(report, report.dataset.timeField);
  if (sort.length > 1 || (sort.length === 1 && tableColumn(report, sort[0].key) !== time)) return null;
  const t = raw(quoteIdent(time));
  const shown = parts.findIndex((p) => !p.run && report.columns[p.column].key === report.dataset.timeField);
  const keys = shown >= 0 ? [...select, "id"] : [...select, quoteIdent(time), "id"];
  const selected = raw(keys.join(", "));
  const later = sort.length === 1 && sort[0].dir === "asc" ? ">" : "<";
  const after = raw(later);
  return {
    after: later,
    query: (last, rows) =>
      last
        ? sql`SELECT ${selected} ${from} AND (${t}, id) ${after} (${last[0]}, ${last[1]}) ORDER BY ${order} LIMIT ${rows}`
        : sql`SELECT ${selected} ${from} ORDER BY ${order} LIMIT ${rows}`,
    time: shown >= 0 ? shown : keys.length - 2,
    id: keys.length - 1,
  };
}

/** A raw value from the JSON of a row SQL left to JavaScript, as the driver would have given it. */
function rawValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const tagged = value as { r?: string; b?: string };
  if (tagged.b !== undefined) return Buffer.from(tagged.b, "hex");
  const r = tagged.r ?? "";
  return r === "Inf" ? Infinity : r === "-Inf" ? -Infinity : Number(r);
}

/**
 * Writes lines from a row's values (runs as SQL wrote them, instants and rows SQL left over
 * by the in-process rules), and chunks SQL joined whole.
 */
function lineWriter(plan: Plan): { line: (row: unknown[]) => string; chunk: (text: string) => string } {
  const iso = isoFormatterMs(plan.timeZone);
  // ISO text that starts with a digit (years 0000–9999) is never changed by csvCell.
  const instant = (value: unknown) => {
    if (typeof value === "number") {
      const text = iso(value);
      const first = text.charCodeAt(0);
      return first >= 48 && first <= 57 ? text : csvCell(text);
    }
    const ms = toDate(value)?.getTime() ?? null;
    return csvCell(typeof ms === "number" ? iso(ms) : ms);
  };
  const convert = plan.columns.map((c, i): ((value: unknown) => string) => {
    if (plan.kinds[i] === "instant") return instant;
    const cell = cellConverter(c, undefined, plan.cents.has(c.key)) as (value: unknown) => string | number | null;
    return (value) => csvCell(cell(value));
  });
  const isText = plan.kinds.map((k) => k === "text");
  const first = plan.parts.findIndex((p) => p.run);
  const json = (text: string) => (JSON.parse(text) as unknown[]).map((v, i) => convert[i](rawValue(v))).join(",");
  const careful = (line: string) => {
    const cells = line.split(",");
    if (cells.length !== isText.length) throw new Error("A CSV line from SQLite has the wrong number of cells.");
    for (let i = 0; i < cells.length; i++) if (isText[i]) cells[i] = csvCell(cells[i]);
    return cells.join(",");
  };
  const isRun = plan.parts.map((p) => p.run);
  // A grouped line: the JSON of a row SQL left over, or the instant's milliseconds and the run.
  const groupedLine = (text: string, care: boolean) => {
    if (text.charCodeAt(0) === 91) return json(text);
    const comma = text.indexOf(",");
    const line = instant(Number(text.slice(0, comma))) + text.slice(comma);
    return care && LINE_NEEDS_CARE.test(line) ? careful(line) : line;
  };
  const chunk = (text: string) => {
    // One test over the whole chunk; most chunks need no line tested on its own.
    const care = CHUNK_NEEDS_CARE.test(text);
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) lines[i] = groupedLine(lines[i], care);
    lines.push("");
    return lines.join("\r\n");
  };
  const line = (row: unknown[]) => {
    if (first >= 0 && typeof row[first] !== "string") return json(String(row[first]));
    let line = "";
    let care = false;
    for (let p = 0; p < isRun.length; p++) {
      if (p > 0) line += ",";
      if (isRun[p]) {
        // Tested as SQLite gave it (one flat string): its ends are the line's or a comma's.
        const run = row[p] as string;
        if (LINE_NEEDS_CARE.test(run)) care = true;
        line += run;
      } else line += instant(row[p]);
    }
    return care ? careful(line) : line;
  };
  return { line, chunk };
}

/**
 * Rows chunk by chunk from one snapshot, up to the report's limit, the event loop getting a
 * turn between chunks; the reader opens on the first read, so an unread stream holds none.
 */
async function* chunks(
  conn: Connection,
  plan: Plan,
  chunking: Chunking,
  limit: number,
  batchRows: number,
): AsyncGenerator<unknown[][]> {
  const snapshot = conn.snapshot?.() ?? null;
  if (!snapshot) {
    yield* conn.streamArrays(plan.query, batchRows);
    return;
  }
  try {
    let last: [unknown, unknown] | null = null;
    for (let left = limit; left > 0;) {
      const rows = Math.min(batchRows, left);
      const batch = snapshot.all(chunking.query(last, rows));
      if (batch.length > 0) yield batch;
      if (batch.length < rows) return;
      left -= rows;
      const end = batch[batch.length - 1];
      last = [end[chunking.time], end[chunking.id]];
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    snapshot.close();
  }
}

/** The report's CSV lines from SQLite, or null when the in-process writer must write them. */
export function sqliteCsvLines(
  conn: Connection,
  report: CheckedReport,
  workspaceId: string,
  batchRows = BATCH_ROWS,
): AsyncGenerator<Uint8Array> | null {
  if (conn.provider !== "sqlite") return null;
  const plan = sqliteCsvPlan(report, workspaceId);
  if (!plan) return null;
  const { line, chunk } = lineWriter(plan);
  const rows = plan.chunk
    ? plan.grouped
      ? groupedChunks(conn, plan.grouped, plan.chunk.query, plan.query, report.definition.limit, batchRows)
      : chunks(conn, plan, plan.chunk, report.definition.limit, batchRows)
    : conn.streamArrays(plan.query, batchRows);
  const batches: AsyncGenerator<GroupedChunk | unknown[][]> = rows;
  return (async function* () {
    const encoder = new TextEncoder();
    try {
      for await (const batch of batches) {
        if (!Array.isArray(batch) && "text" in batch) {
          yield encoder.encode(chunk(batch.text));
          continue;
        }
        const values = Array.isArray(batch) ? batch : batch.rows;
        const lines: string[] = new Array(values.length + 1);
        for (let r = 0; r < values.length; r++) lines[r] = line(values[r]);
        lines[values.length] = "";
        yield encoder.encode(lines.join("\r\n"));
      }
    } finally {
      await batches.return(undefined);
    }
  })();
}
