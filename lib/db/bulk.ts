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
 * Inserts rows in a few large statements. `time` values are epoch ms. PostgreSQL gets
 * one array parameter per column (unnest), SQLite a multi-row VALUES list.
 */
export async function insertRows<R>(
  conn: Connection,
  table: string,
  columns: BulkColumn<R>[],
  rows: R[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = raw(columns.map((c) => `"${c.name}"`).join(", "));
  if (conn.provider === "postgres") {
    const arrays = columns.map((c) => {
      const values = rows.map((r) => {
        const v = c.value(r);
        return c.kind === "time" && v !== null ? new Date(v as number).toISOString() : v;
      });
      return sql`${values}::${raw(PG_ARRAY_TYPE[c.kind])}`;
    });
    await conn.execute(sql`INSERT INTO ${raw(`"${table}"`)} (${names}) SELECT * FROM unnest(${join(arrays)})`);
    return;
  }
  // SQLite allows 32,766 bound values per statement.
  const perStatement = Math.max(1, Math.floor(30_000 / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const tuples: Sql[] = rows
      .slice(start, start + perStatement)
      .map((r) => sql`(${join(columns.map((c) => sql`${c.value(r)}`))})`);
    await conn.execute(sql`INSERT INTO ${raw(`"${table}"`)} (${names}) VALUES ${join(tuples)}`);
  }
}
