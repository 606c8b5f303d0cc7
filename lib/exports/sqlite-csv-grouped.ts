import "server-only";
import type { Connection } from "../db/connection";
import { raw, sql, type Sql } from "../db/sql";

// Chunks of CSV lines read as one text each: SQLite joins a chunk's lines with group_concat,
// so the driver hands over one value per 1,000 rows instead of three per row (handing
// values over was most of the export's time: ~0.73 s against ~1.05 s per million rows).
// Used when a report in time order shows the time first and then one run of cells; each
// line is the instant as stored (epoch milliseconds) and the run, or the JSON array of the
// row's raw values when SQL cannot write it (see sqlite-csv.ts).

type Key = [unknown, unknown];

export interface GroupedQueries {
  /** The time and id of a chunk's last row; no row when fewer rows are left. */
  key: (after: Key | null, rows: number) => Sql;
  /** A chunk's lines joined by LF, and how many. */
  lines: (after: Key | null, rows: number) => Sql;
}

export function groupedChunkQueries(
  line: string,
  time: string,
  from: Sql,
  order: Sql,
  later: ">" | "<",
): GroupedQueries {
  const t = raw(time);
  const after = raw(later);
  const expr = raw(line);
  const since = (last: Key | null) => (last ? sql`AND (${t}, id) ${after} (${last[0]}, ${last[1]})` : sql``);
  return {
    key: (last, rows) => sql`SELECT ${t}, id ${from} ${since(last)} ORDER BY ${order} LIMIT 1 OFFSET ${rows - 1}`,
    // The subquery hands its rows to the aggregate in its order (a co-routine, no sorter
    // between them); the identity tests read chunks of a few dozen rows to hold SQLite to it.
    lines: (last, rows) =>
      sql`SELECT group_concat(l, char(10)), count(*) FROM (SELECT ${expr} AS l ${from} ${since(last)} ORDER BY ${order} LIMIT ${rows})`,
  };
}

export type GroupedChunk = { text: string } | { rows: unknown[][] };

/** How many LFs a text holds. */
function lineFeeds(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Chunks from one snapshot, up to the report's limit, the event loop getting a turn between
 * chunks. A chunk whose text holds more LFs than line breaks (a text cell with an LF) is
 * read again row by row with `rowWise`, as is every chunk when the connection has no snapshot.
 */
export async function* groupedChunks(
  conn: Connection,
  queries: GroupedQueries,
  rowWise: (after: Key | null, rows: number) => Sql,
  whole: Sql,
  limit: number,
  batchRows: number,
): AsyncGenerator<GroupedChunk> {
  const snapshot = conn.snapshot?.() ?? null;
  if (!snapshot) {
    for await (const rows of conn.streamArrays(whole, batchRows)) yield { rows };
    return;
  }
  try {
    let last: Key | null = null;
    for (let left = limit; left > 0;) {
      const rows = Math.min(batchRows, left);
      const [end] = snapshot.all(queries.key(last, rows));
      const [[text, count]] = snapshot.all(queries.lines(last, rows)) as [[string | null, number]];
      if (count > 0) {
        yield text !== null && lineFeeds(text) === count - 1 ? { text } : { rows: snapshot.all(rowWise(last, rows)) };
      }
      if (!end) return;
      left -= rows;
      last = [end[0], end[1]];
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    snapshot.close();
  }
}
