import "server-only";
import { localPeriod, type LocalPeriod } from "../analytics/local-time";
import type { Connection, Row } from "../db/connection";
import type { Provider } from "../db/config";
import { containsPattern, foldCase, foldCaseSql } from "../db/fold";
import { join, raw, sql, toDate, type Sql } from "../db/sql";
import type { FieldDef } from "./catalog";
import type { CheckedReport } from "./check";
import { cellConverter, normalise, type ReportRow } from "./cells";
import { auditDetailsMasker } from "./audit-details";
import { centsColumns, wholeCents } from "./amounts";
import { pseudonymizer } from "./redaction";
import { rollupFor } from "./rollup";
import { BUCKET_KEY, measureKey, type ReportFilter, type ReportMeasure } from "./definition";
import type { CellValue, OutputColumn, PreviewResult } from "./types";

export type { ReportRow } from "./cells";

const ident = (name: string) => raw(`"${name}"`);

function fieldOf(report: CheckedReport, key: string): FieldDef {
  const field = report.dataset.fields.find((f) => f.key === key);
  if (!field) throw new Error(`field ${key} escaped the check`);
  return field;
}

function filterValue(field: FieldDef, value: string | number): unknown {
  // Amounts compare with the stored cents: exactly as integers, or as doubles for a filter
  // finer than a cent or beyond any stored amount (the column is then read as a double).
  if (field.cents && typeof value === "number") return wholeCents(value) ?? value * 100;
  if (field.type !== "datetime") return value;
  const text = String(value);
  return new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
}

function filterSql(provider: Provider, report: CheckedReport, filter: ReportFilter): Sql {
  const field = fieldOf(report, filter.field);
  const sent = Array.isArray(filter.value) ? filter.value : [filter.value ?? ""];
  const asDouble = field.cents && sent.some((v) => wholeCents(v) === null);
  const stored = asDouble ? sql`CAST(${ident(field.column)} AS DOUBLE PRECISION)` : ident(field.column);
  // Both sides folded the same way on both databases (see lib/db/fold.ts).
  const folded = filter.ignoreCase === true && field.type === "string";
  const col = folded ? foldCaseSql(provider, sql`${stored}`) : stored;
  const values = sent.map((v) => (folded ? foldCase(String(v)) : filterValue(field, v)));
  const one = values[0];
  switch (filter.op) {
    case "eq":
      return sql`${col} = ${one}`;
    case "neq":
      return sql`(${col} <> ${one} OR ${col} IS NULL)`;
    case "in":
      return sql`${col} IN (${join(values.map((v) => sql`${v}`))})`;
    case "not_in":
      return sql`(${col} NOT IN (${join(values.map((v) => sql`${v}`))}) OR ${col} IS NULL)`;
    case "contains":
      return sql`${folded ? col : foldCaseSql(provider, sql`${col}`)} LIKE ${containsPattern(String(one))} ESCAPE '\\'`;
    case "gt":
      return sql`${col} > ${one}`;
    case "gte":
      return sql`${col} >= ${one}`;
    case "lt":
      return sql`${col} < ${one}`;
    case "lte":
      return sql`${col} <= ${one}`;
    case "between":
      return sql`${col} BETWEEN ${values[0]} AND ${values[1]}`;
    case "is_empty":
      return field.type === "string" ? sql`(${col} IS NULL OR ${col} = '')` : sql`${col} IS NULL`;
    case "is_not_empty":
      return field.type === "string" ? sql`(${col} IS NOT NULL AND ${col} <> '')` : sql`${col} IS NOT NULL`;
  }
}

function measureSql(provider: Provider, report: CheckedReport, m: ReportMeasure): Sql {
  if (m.fn === "count") return sql`COUNT(*)`;
  const col = ident(fieldOf(report, m.field!).column);
  switch (m.fn) {
    case "count_distinct":
      return sql`COUNT(DISTINCT ${col})`;
    case "sum":
      return sql`SUM(${col})`;
    case "avg":
      return sql`AVG(${col})`;
    case "min":
      return sql`MIN(${col})`;
    case "max":
      return sql`MAX(${col})`;
    case "p50":
    case "p95": {
      const p = raw(m.fn === "p50" ? "0.5" : "0.95");
      return provider === "postgres"
        ? sql`percentile_cont(${p}) WITHIN GROUP (ORDER BY ${col})`
        : sql`chartroom_percentile(${col}, ${p})`;
    }
  }
}

interface Compiled {
  /** SELECT … FROM … WHERE … [GROUP BY …], without ORDER BY or LIMIT. */
  base: Sql;
  /** ORDER BY over the output columns, deterministic (ties broken by the grouping or id). */
  orderBy: Sql;
  /** Reports of rows: the same order over the table's columns, for a SELECT of other expressions over `from`. */
  tableOrderBy?: Sql;
  /** How the database's value of the time bucket becomes its label. */
  period?: LocalPeriod;
  /** Output keys in SELECT order, for rows read as arrays. */
  keys: string[];
  /** FROM … WHERE …: the rows the report reads (events or hourly sums). */
  from: Sql;
  /** The table column of a summed field where the report reads it. */
  sumColumn: (field: FieldDef) => string;
}

/**
 * Compiles a checked report to SQL: identifiers from the catalog only, every value a
 * bound parameter, always scoped to the workspace and the time range.
 */
export function compileReport(provider: Provider, report: CheckedReport, workspaceId: string): Compiled {
  const { dataset, definition, range } = report;
  // Aggregates the hourly table can answer read it: a few rows per hour, not every event.
  const rollup = rollupFor(report);
  const timeCol = rollup?.timeColumn ?? fieldOf(report, dataset.timeField).column;
  const where = [
    sql`workspace_id = ${workspaceId}`,
    sql`${ident(timeCol)} >= ${new Date(range.fromMs)}`,
    sql`${ident(timeCol)} < ${new Date(range.toMs)}`,
    ...definition.filters.map((f) => filterSql(provider, report, f)),
  ];
  const from = sql`FROM ${ident(rollup?.table ?? dataset.table)} WHERE ${join(where, " AND ")}`;
  const sumColumn = (field: FieldDef) => rollup?.column(field.key) ?? field.column;

  // The time field is never null; leaving out NULLS LAST there lets SQLite read the
  // (workspace, time) index in order instead of sorting.
  const sortDirs = definition.sort.map((s) => {
    const nulls = !report.aggregated && s.key === dataset.timeField ? "" : " NULLS LAST";
    return (s.dir === "desc" ? "DESC" : "ASC") + nulls;
  });
  const sortKeys = definition.sort.map((s, i) => sql`${ident(s.key)} ${raw(sortDirs[i])}`);

  if (!report.aggregated) {
    const select = report.columns.map((c) => sql`${ident(fieldOf(report, c.key).column)} AS ${ident(c.key)}`);
    const order = sortKeys.length > 0 ? sortKeys : [sql`${ident(timeCol)} DESC`];
    const tableOrder =
      sortKeys.length > 0
        ? definition.sort.map((s, i) => sql`${ident(fieldOf(report, s.key).column)} ${raw(sortDirs[i])}`)
        : order;
    // Ties broken by id in the time order's direction, so the (workspace, time) index
    // (which ends in the row id) delivers rows already sorted: no sort of the result.
    const first = definition.sort[0];
    const timeFirst = !first || fieldOf(report, first.key).column === timeCol;
    const idDir = timeFirst && first?.dir !== "asc" ? "DESC" : "ASC";
    return {
      base: sql`SELECT ${join(select)} ${from}`,
      orderBy: join([...order, sql`id ${raw(idDir)}`]),
      tableOrderBy: join([...tableOrder, sql`id ${raw(idDir)}`]),
      keys: report.columns.map((c) => c.key),
      from,
      sumColumn,
    };
  }

  const select: Sql[] = [];
  const keys: string[] = [];
  let period: LocalPeriod | undefined;
  for (const c of report.columns) {
    if (c.kind === "bucket") {
      const quoted = `"${timeCol}"`;
      period = localPeriod(provider, quoted, definition.timeBucket!, range.timezone, range.fromMs, range.toMs);
      select.push(sql`${period.sql} AS ${ident(BUCKET_KEY)}`);
      keys.push(BUCKET_KEY);
    } else if (c.kind === "field") {
      select.push(sql`${ident(fieldOf(report, c.key).column)} AS ${ident(c.key)}`);
      keys.push(c.key);
    }
  }
  // Grouped by position: the bucket expression is long and carries bound parameters.
  const positions = select.map((_, i) => i + 1).join(", ");
  for (const m of definition.measures) {
    select.push(sql`${rollup ? rollup.measure(m) : measureSql(provider, report, m)} AS ${ident(measureKey(m))}`);
    keys.push(measureKey(m));
  }
  const groupBy = positions ? sql` GROUP BY ${raw(positions)}` : sql``;
  const dims = report.columns.filter((c) => c.kind !== "measure").map((c) => sql`${ident(c.key)} ASC NULLS LAST`);
  const order = sortKeys.length > 0 ? [...sortKeys, ...dims] : dims;
  return {
    base: sql`SELECT ${join(select)} ${from}${groupBy}`,
    orderBy: order.length > 0 ? join(order) : sql`1`,
    period,
    keys,
    from,
    sumColumn,
  };
}

/** How one sensitive column is masked: whole values become pseudonyms, audit details part by part. */
function valueMasker(workspaceId: string, column: OutputColumn): (value: string) => string {
  return column.masking === "audit_details" ? auditDetailsMasker(workspaceId) : pseudonymizer(workspaceId, column.key);
}

/** Replaces sensitive values with their pseudonyms when the report is masked. */
function masker(report: CheckedReport, workspaceId: string): (row: ReportRow) => ReportRow {
  const sensitive =
    report.redaction === "masked" ? report.columns.filter((c) => c.sensitive && c.kind !== "measure") : [];
  if (sensitive.length === 0) return (row) => row;
  const names = sensitive.map((c) => ({ key: c.key, name: valueMasker(workspaceId, c) }));
  return (row) => {
    for (const c of names) {
      const value = row[c.key];
      if (value !== null && value !== undefined && value !== "") row[c.key] = c.name(String(value));
    }
    return row;
  };
}

function jsonCell(value: string | number | Date | null): CellValue {
  return value instanceof Date ? value.toISOString() : value;
}

/** A cell as the CSV fast path reads it: instants as epoch milliseconds. */
export type ReportValue = string | number | null;

function instantMs(value: unknown): number | null {
  if (typeof value === "number") return value;
  const date = toDate(value);
  return date ? date.getTime() : null;
}

/** The report's query, and where each output column is in the rows it returns. */
function readPlan<T>(
  conn: Connection,
  report: CheckedReport,
  workspaceId: string,
  converter: (column: OutputColumn, period: LocalPeriod | undefined, cents: boolean) => (value: unknown) => T,
) {
  const { base, orderBy, period, keys } = compileReport(conn.provider, report, workspaceId);
  const cents = centsColumns(report);
  const query = sql`${base} ORDER BY ${orderBy} LIMIT ${report.definition.limit}`;
  // Rows are read as arrays, each column by its position: no row object from the driver.
  const columns = report.columns.map((c) => {
    const index = keys.indexOf(c.key);
    if (index < 0) throw new Error(`column ${c.key} is not selected`);
    return { key: c.key, index, convert: converter(c, period, cents.has(c.key)) };
  });
  return { query, columns };
}

/**
 * All rows of a report, up to its limit, in batches from a database cursor: memory stays
 * flat whatever the result size.
 */
export async function* streamReport(
  conn: Connection,
  report: CheckedReport,
  workspaceId: string,
  batchSize = 1000,
): AsyncGenerator<ReportRow[]> {
  const { query, columns } = readPlan(conn, report, workspaceId, cellConverter);
  const mask = masker(report, workspaceId);
  for await (const batch of conn.streamArrays(query, batchSize)) {
    const out: ReportRow[] = new Array(batch.length);
    for (let r = 0; r < batch.length; r++) {
      const values = batch[r];
      const row: ReportRow = {};
      for (const c of columns) row[c.key] = c.convert(values[c.index]);
      out[r] = mask(row);
    }
    yield out;
  }
}

/**
 * streamReport's rows as arrays in the order of report.columns, with instants as epoch
 * milliseconds: no object and no Date per row, for exports of millions of rows (a Date
 * costs more in the Next.js server, which wraps the Date constructor).
 */
export async function* streamReportValues(
  conn: Connection,
  report: CheckedReport,
  workspaceId: string,
  batchSize = 1000,
): AsyncGenerator<ReportValue[][]> {
  const masked = report.redaction === "masked";
  const { query, columns } = readPlan(conn, report, workspaceId, (column, period, cents) => {
    const convert =
      column.type === "datetime" && column.kind !== "bucket"
        ? instantMs
        : (cellConverter(column, period, cents) as (value: unknown) => ReportValue);
    if (!masked || !column.sensitive || column.kind === "measure") return convert;
    const name = valueMasker(workspaceId, column);
    return (value: unknown) => {
      const plain = convert(value);
      return plain === null || plain === "" ? plain : name(String(plain));
    };
  });
  const n = columns.length;
  for await (const batch of conn.streamArrays(query, batchSize)) {
    const out: ReportValue[][] = new Array(batch.length);
    for (let r = 0; r < batch.length; r++) {
      const values = batch[r];
      const row: ReportValue[] = new Array(n);
      for (let i = 0; i < n; i++) row[i] = columns[i].convert(values[columns[i].index]);
      out[r] = row;
    }
    yield out;
  }
}

/** Rows a report would return, before its limit. */
export async function countReport(conn: Connection, report: CheckedReport, workspaceId: string): Promise<number> {
  const { base } = compileReport(conn.provider, report, workspaceId);
  const [row] = await conn.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM (${base}) q`);
  return Number(row.n);
}

/** One page of a report's result, with the total and whether the limit cut it. */
export async function previewReport(
  conn: Connection,
  report: CheckedReport,
  workspaceId: string,
  page = 0,
  pageSize = 50,
): Promise<PreviewResult> {
  const { base, orderBy, period } = compileReport(conn.provider, report, workspaceId);
  const mask = masker(report, workspaceId);
  const cents = centsColumns(report);
  const limit = report.definition.limit;
  const offset = page * pageSize;
  const take = Math.max(0, Math.min(pageSize, limit - offset));
  let rows: Row[] = [];
  let totalCount: number | null = null;
  if (take > 0 && report.aggregated) {
    // One pass: the grouped result is small, so counting it alongside the page is cheap.
    const paged = await conn.query(
      sql`SELECT q.*, COUNT(*) OVER () AS "__total" FROM (${base}) q ORDER BY ${orderBy} LIMIT ${take} OFFSET ${offset}`,
    );
    if (paged.length > 0) totalCount = Number(paged[0].__total);
    rows = paged;
  } else if (take > 0) {
    rows = await conn.query(sql`${base} ORDER BY ${orderBy} LIMIT ${take} OFFSET ${offset}`);
  }
  totalCount ??= await countReport(conn, report, workspaceId);
  return {
    columns: report.columns,
    rows: rows.map((r) => {
      const n = mask(normalise(report.columns, r, period, cents));
      return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, jsonCell(v)]));
    }),
    totalCount,
    limit,
    limited: totalCount > limit,
    page,
    pageSize,
    range: { from: report.range.from, to: report.range.to, timezone: report.range.timezone },
    notices: report.notices,
  };
}
