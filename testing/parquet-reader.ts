// Parquet files read back by DuckDB (@duckdb/node-api), a reader Chartroom did not write,
// and compared cell by cell with the CSV of the same export.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { csvTextCell } from "./export-readers";

export interface ParquetRead {
  /** Column names and DuckDB's SQL type for each, e.g. "TIMESTAMP WITH TIME ZONE". */
  columns: { name: string; type: string }[];
  /** Every cell as text, by one rule per type (see cellText); null stays null. */
  rows: (string | null)[][];
  /** Rows in each row group, in file order. */
  rowGroups: number[];
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8 = (hex: string) => decoder.decode(Buffer.from(hex, "hex"));

const quote = (path: string) => `'${path.replaceAll("'", "''")}'`;

/**
 * Each cell as text DuckDB itself writes: instants as epoch milliseconds, dates as
 * YYYY-MM-DD, decimals with their scale, numbers as DuckDB prints them.
 */
function cellSql(name: string, type: string): string {
  const column = `"${name.replaceAll('"', '""')}"`;
  if (type.startsWith("TIMESTAMP")) return `CAST(epoch_ms(${column}) AS VARCHAR)`;
  if (type === "DATE") return `strftime(${column}, '%Y-%m-%d')`;
  // Text as the hex of its UTF-8 bytes: the driver's own decoding drops a leading BOM.
  if (type === "VARCHAR") return `hex(encode(${column}))`;
  return `CAST(${column} AS VARCHAR)`;
}

/** Reads a whole Parquet file with DuckDB. */
export async function readParquet(bytes: Uint8Array): Promise<ParquetRead> {
  const dir = mkdtempSync(join(tmpdir(), "chartroom-parquet-"));
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  try {
    const path = join(dir, "export.parquet");
    writeFileSync(path, bytes);
    const described = await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quote(path)})`);
    const columns = described
      .getRowObjectsJS()
      .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    const select = columns.length > 0 ? columns.map((c) => cellSql(c.name, c.type)).join(", ") : "1";
    const data = await db.runAndReadAll(`SELECT ${select} FROM read_parquet(${quote(path)})`);
    const text = columns.map((c) => c.type === "VARCHAR");
    const rows = data
      .getRowsJS()
      .map((row) => row.map((v, i) => (v === null ? null : text[i] ? utf8(String(v)) : String(v))));
    const groups = await db.runAndReadAll(
      `SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(${quote(path)}) ORDER BY row_group_id`,
    );
    const rowGroups = groups.getRowsJS().map((r) => Number(r[1]));
    return { columns, rows: columns.length > 0 ? rows : [], rowGroups };
  } finally {
    db.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where the Parquet file differs from the CSV of the same export (none: it holds exactly
 * the CSV's header, row count and cells): instants as the same moment, numbers as the same
 * value, text as the same string (the CSV's formula guard aside); an empty CSV cell is
 * null (or empty text) in Parquet.
 */
export function parquetCsvDifferences(parquet: ParquetRead, csv: string[][]): string[] {
  const [header = [], ...lines] = csv;
  const names = parquet.columns.map((c) => c.name);
  if (JSON.stringify(names) !== JSON.stringify(header))
    return [`columns: Parquet ${JSON.stringify(names)}, CSV ${JSON.stringify(header)}`];
  if (parquet.rows.length !== lines.length) return [`rows: Parquet ${parquet.rows.length}, CSV ${lines.length}`];
  const compare = parquet.columns.map((c) => cellComparer(c.type));
  const differences: string[] = [];
  lines.forEach((line, r) => {
    const row = parquet.rows[r];
    line.forEach((text, i) => {
      if (compare[i](row[i], text)) return;
      const where = `row ${r + 1}, column ${header[i]} (${parquet.columns[i].type})`;
      differences.push(`${where}: Parquet ${JSON.stringify(row[i])}, CSV ${JSON.stringify(text)}`);
    });
  });
  return differences;
}

function cellComparer(type: string): (value: string | null, csv: string) => boolean {
  if (type === "VARCHAR") return (value, csv) => (value === null ? csv === "" : csvTextCell(value) === csv);
  if (type.startsWith("TIMESTAMP"))
    return (value, csv) => (value === null ? csv === "" : Number(value) === Date.parse(csv));
  if (type === "DATE") return (value, csv) => (value === null ? csv === "" : value === csv);
  // Integers as the same digits; decimals and doubles as the same number.
  if (type === "BIGINT" || type === "INTEGER") return (value, csv) => (value === null ? csv === "" : value === csv);
  if (type.startsWith("DECIMAL") || type === "DOUBLE")
    return (value, csv) => (value === null ? csv === "" : csv !== "" && Number(value) === Number(csv));
  return () => false;
}
