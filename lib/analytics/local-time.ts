import type { Provider } from "../db/config";
import { raw, sql, type Sql } from "../db/sql";
import { offsetSegments } from "../time/zone";

/**
 * SQL for the local calendar date (YYYY-MM-DD) of an instant column in a time zone.
 * PostgreSQL converts natively; on SQLite the zone's offsets over the queried range are
 * inlined as a CASE (numbers we computed, never input), exact across DST changes for
 * rows inside the range.
 */
export function localDateSql(provider: Provider, column: string, timeZone: string, fromMs: number, toMs: number): Sql {
  if (provider === "postgres") return sql`to_char(${raw(column)} AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`;
  const segments = offsetSegments(timeZone, fromMs, toMs);
  const last = segments[segments.length - 1].offset;
  const cases = segments
    .slice(1)
    .map((s, i) => `WHEN ${column} < ${s.from} THEN ${segments[i].offset}`)
    .join(" ");
  const offset = segments.length === 1 ? String(last) : `CASE ${cases} ELSE ${last} END`;
  return sql`strftime('%Y-%m-%d', (${raw(column)} + ${raw(offset)}) / 1000, 'unixepoch')`;
}
