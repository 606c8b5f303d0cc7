import type { Connection } from "./connection";
import { join, raw, sql, type Sql } from "./sql";

export type ColumnKind = "text" | "int" | "float" | "time";

export interface BulkColumn<R> {
  name: string;
  kind: ColumnKind;
  value: (row: R) => string | number | null;
}

const PG_ARRAY_TYPE: Record<ColumnKind, string> = {
  text: "text[]",
  int: "bigint[]",
  float: "double precision[]",
  time: "timestamptz[]",
};

/**
 * Inserts rows in a few large statements and answers how many were stored. `time` values
 * are epoch ms. PostgreSQL gets one array parameter per column (unnest), SQLite a multi-row
 * VALUES list. With `ignoreConflicts`, rows that would break a unique constraint are
 * skipped (ON CONFLICT DO NOTHING / INSERT OR IGNORE), which makes client ids idempotent.
 */
export async function insertRows<R>(
  conn: Connection,
  table: string,
  columns: BulkColumn<R>[],
  rows: R[],
  options: { ignoreConflicts?: boolean } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const names = raw(columns.map((c) => `"${c.name}"`).join(", "));
  if (conn.provider === "postgres") {
    const arrays = columns.map((c) => {
      const values = rows.map((r) => {
        const v = c.value(r);
        return c.kind === "time" && v !== null ? new Date(v as number).toISOString() : v;
      });
      return sql`${values}::${raw(PG_ARRAY_TYPE[c.kind])}`;
    });
    const onConflict = raw(options.ignoreConflicts ? " ON CONFLICT DO NOTHING" : "");
    return conn.execute(
      sql`INSERT INTO ${raw(`"${table}"`)} (${names}) SELECT * FROM unnest(${join(arrays)})${onConflict}`,
    );
  }
  const insert = raw(options.ignoreConflicts ? "INSERT OR IGNORE" : "INSERT");
  let inserted = 0;
  // SQLite allows 32,766 bound values per statement.
  const perStatement = Math.max(1, Math.floor(30_000 / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const tuples: Sql[] = rows
      .slice(start, start + perStatement)
      .map((r) => sql`(${join(columns.map((c) => sql`${c.value(r)}`))})`);
    inserted += await conn.execute(sql`${insert} INTO ${raw(`"${table}"`)} (${names}) VALUES ${join(tuples)}`);
  }
  return inserted;
}
