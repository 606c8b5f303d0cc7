import type { Provider } from "../db/config";
import { raw, sql, type Sql } from "../db/sql";
import { offsetSegments } from "../time/zone";

export type LocalUnit = "hour" | "day" | "week" | "month";

export interface LocalPeriod {
  /** SQL whose value identifies the local period an instant falls in; sorts chronologically. */
  sql: Sql;
  /** Turns that value into its label: "YYYY-MM-DD" (the period's first day) or "YYYY-MM-DD HH:00". */
  label: (value: unknown) => string;
}

const PG_FORMAT: Record<LocalUnit, string> = {
  hour: "YYYY-MM-DD HH24:00",
  day: "YYYY-MM-DD",
  week: "YYYY-MM-DD",
  month: "YYYY-MM-DD",
};

const HOUR = 3_600_000;
const DAY = 86_400_000;

const isoDay = (dayIndex: number) => new Date(dayIndex * DAY).toISOString().slice(0, 10);

/**
 * The local period (hour, day, ISO week from Monday, or month) of an instant column.
 * PostgreSQL converts natively. SQLite has no zones: the zone's offsets over the
 * queried range are inlined as a CASE (numbers we computed, never input), exact across
 * DST changes for rows in the range, and hours, days and weeks are whole-number
 * indexes, which group about twice as fast as formatted text.
 */
export function localPeriod(
  provider: Provider,
  column: string,
  unit: LocalUnit,
  timeZone: string,
  fromMs: number,
  toMs: number,
): LocalPeriod {
  if (provider === "postgres") {
    return {
      sql: sql`to_char(date_trunc(${raw(`'${unit}'`)}, ${raw(column)} AT TIME ZONE ${timeZone}), ${raw(`'${PG_FORMAT[unit]}'`)})`,
      label: String,
    };
  }
  const segments = offsetSegments(timeZone, fromMs, toMs);
  const last = segments[segments.length - 1].offset;
  const cases = segments
    .slice(1)
    .map((s, i) => `WHEN ${column} < ${s.from} THEN ${segments[i].offset}`)
    .join(" ");
  const local = `(${column} + ${segments.length === 1 ? String(last) : `CASE ${cases} ELSE ${last} END`})`;
  switch (unit) {
    case "hour":
      return {
        sql: sql`${raw(`${local} / ${HOUR}`)}`,
        label: (v) => `${new Date(Number(v) * HOUR).toISOString().slice(0, 13).replace("T", " ")}:00`,
      };
    case "day":
      return { sql: sql`${raw(`${local} / ${DAY}`)}`, label: (v) => isoDay(Number(v)) };
    case "week":
      // Day 0 (1970-01-01) was a Thursday: adding 3 makes weeks start on Monday.
      return { sql: sql`${raw(`(${local} / ${DAY} + 3) / 7`)}`, label: (v) => isoDay(Number(v) * 7 - 3) };
    case "month":
      return { sql: sql`${raw(`strftime('%Y-%m-01', ${local} / 1000, 'unixepoch')`)}`, label: String };
  }
}

/** SQL text for the local calendar date (YYYY-MM-DD) of an instant column. */
export function localDateSql(provider: Provider, column: string, timeZone: string, fromMs: number, toMs: number): Sql {
  if (provider === "postgres") return localPeriod(provider, column, "day", timeZone, fromMs, toMs).sql;
  const { sql: index } = localPeriod(provider, column, "day", timeZone, fromMs, toMs);
  return sql`strftime('%Y-%m-%d', (${index}) * 86400, 'unixepoch')`;
}
