import { ByteWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import { MEASURE_FNS, measureKey, type MeasureFn } from "../reports/definition";
import type { ReportValue } from "../reports/engine";
import type { OutputColumn } from "../reports/types";
import { columnHeader } from "./columns";
import type { ExportMeta } from "./types";

/**
 * Rows per row group: each group is written (and its bytes handed on) as soon as the cursor
 * has delivered that many rows, so memory holds one group's values and pages at a time.
 * The writer builds several arrays of one slot per row for each column; past ~16,000 rows
 * they are V8 large objects, which only a full collection frees. In-process, 1,000,000
 * eight-column rows: 20,000-row groups peaked at +515 MB RSS, 10,000 at +39 MB
 * (5,000: similar memory, the file 3.5% larger).
 */
export const PARQUET_ROW_GROUP_ROWS = 10_000;

const DAY_MS = 86_400_000;
const DATE_LABEL = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How one output column is stored: its schema element and how a cell becomes a Parquet value. */
type ParquetValue = number | bigint | string | null;

interface ParquetColumn {
  element: SchemaElement;
  value: (cell: ReportValue) => ParquetValue;
}

/** The measure function behind a measure column, read back from its key (see measureKey). */
function measureFn(column: OutputColumn): MeasureFn | null {
  if (column.kind !== "measure") return null;
  return (
    MEASURE_FNS.find((fn) =>
      fn === "count"
        ? column.key === "count"
        : column.key.startsWith(`${fn}_`) && column.key === measureKey({ fn, field: column.key.slice(fn.length + 1) }),
    ) ?? null
  );
}

/** An integer as a number: INT64s are made when the row group is encoded. */
function integerOf(cell: ReportValue): number | null {
  if (cell === null || cell === "") return null;
  const n = Number(cell);
  return Number.isFinite(n) ? Math.round(n) : null;
}

function doubleOf(cell: ReportValue): number | null {
  if (cell === null || cell === "") return null;
  const n = Number(cell);
  return Number.isNaN(n) ? null : n;
}

function textOf(cell: ReportValue): string | null {
  return cell === null ? null : String(cell);
}

/** Days since 1970-01-01 of a "YYYY-MM-DD" bucket label. */
function dayOf(cell: ReportValue): number | null {
  if (cell === null) return null;
  const match = DATE_LABEL.exec(String(cell));
  if (!match) throw new Error(`Parquet: "${String(cell)}" is not a date (YYYY-MM-DD).`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

/**
 * The Parquet type of each column. Instants: TIMESTAMP(MILLIS, adjusted to UTC). Money
 * whose values are whole cents (the field, its sum, minimum and maximum): DECIMAL(18,2)
 * held as INT64 cents, exact; averages and percentiles of money are fractions of a cent,
 * so they are DOUBLE like every other non-integer number. Integer fields are 32-bit in the
 * database (INT32); integer measures (counts, sums, minimums, maximums) are INT64. Day, week and month buckets
 * are DATE (the period's first day); hour buckets and all text are UTF-8 strings, and so
 * is every sensitive field, whose pseudonym is text whatever the field's type. Counts
 * are never null; every other column is OPTIONAL.
 */
export function parquetColumn(column: OutputColumn): ParquetColumn {
  const name = columnHeader(column);
  const fn = measureFn(column);
  const repetition_type = fn === "count" || fn === "count_distinct" ? "REQUIRED" : "OPTIONAL";
  const text: ParquetColumn = {
    element: { name, type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" }, repetition_type },
    value: textOf,
  };
  if (column.sensitive && column.kind !== "measure") return text;
  if (column.kind === "bucket") {
    if (column.type !== "date") return text;
    return {
      element: { name, type: "INT32", converted_type: "DATE", logical_type: { type: "DATE" }, repetition_type },
      value: dayOf,
    };
  }
  switch (column.type) {
    case "datetime":
      return {
        element: {
          name,
          type: "INT64",
          converted_type: "TIMESTAMP_MILLIS",
          logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
          repetition_type,
        },
        // Numbers, not BigInts, while the group gathers: a BigInt per cell that lives until
        // the group is written is garbage the server's heap lets pile up.
        value: integerOf,
      };
    case "integer":
      // Plain INT32/INT64 are signed integers to every reader; hyparquet-writer's INTEGER
      // annotation is not read by DuckDB, so none is written.
      if (column.kind === "field") {
        return {
          element: { name, type: "INT32", repetition_type },
          value: (cell) => (cell === null || cell === "" ? null : Math.round(Number(cell))),
        };
      }
      return {
        element: { name, type: "INT64", repetition_type },
        value: integerOf,
      };
    case "number":
      if (column.unit === "USD" && (fn === null || fn === "sum" || fn === "min" || fn === "max")) {
        return {
          element: {
            name,
            type: "INT64",
            converted_type: "DECIMAL",
            logical_type: { type: "DECIMAL", precision: 18, scale: 2 },
            precision: 18,
            scale: 2,
            repetition_type,
          },
          // The engine gives amounts (cents / 100); the writer stores the nearest whole cent
          // (Math.round(amount × 100)), which is the stored value.
          value: doubleOf,
        };
      }
      return { element: { name, type: "DOUBLE", repetition_type }, value: doubleOf };
    default:
      return text;
  }
}

/**
 * A ByteWriter whose bytes are taken after each row group and after the footer, so it
 * never holds more than one group's encoded pages.
 */
class ChunkedWriter extends ByteWriter {
  take(): Uint8Array {
    const bytes = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return bytes;
  }
}

/** Distinct strings kept per text column before its dictionary starts again. */
const INTERN_LIMIT = 65_536;

/**
 * One column's values while its row group gathers. A group's rows arrive over many
 * database reads, so whatever is kept per cell outlives V8's young generation and is
 * promoted to the old one, where it piles up as garbage until a full collection (none
 * ran during a traced million-row export beside a server-sized heap). So nothing is kept per
 * cell: numbers go into a typed array reused for every group, and text cells are
 * replaced by the column's first copy of the same string, so the database's copy dies
 * young. The writer's arrays are made when the group is encoded, and die with it.
 */
interface Gatherer {
  add(cell: ReportValue, row: number): void;
  /** The first `rows` values in the form the writer takes. */
  values(rows: number): ParquetValue[];
}

function textGatherer(column: ParquetColumn, groupRows: number): Gatherer {
  const cells: (string | null)[] = new Array<string | null>(groupRows).fill(null);
  const seen = new Map<string, string>();
  return {
    add(cell, row) {
      const text = column.value(cell) as string | null;
      if (text === null) {
        cells[row] = null;
        return;
      }
      let kept = seen.get(text);
      if (kept === undefined) {
        // A column of mostly distinct values would only grow the map: start it again.
        if (seen.size >= INTERN_LIMIT) seen.clear();
        seen.set(text, text);
        kept = text;
      }
      cells[row] = kept;
    },
    values: (rows) => (rows === cells.length ? cells : cells.slice(0, rows)),
  };
}

/** Numbers as float64 with NaN for null (no converter yields NaN for a value). */
function numberGatherer(column: ParquetColumn, groupRows: number): Gatherer {
  const cells = new Float64Array(groupRows);
  // Plain INT64 takes a BigInt; TIMESTAMP and DECIMAL INT64s are made by the writer.
  const bigint = column.element.type === "INT64" && column.element.converted_type === undefined;
  return {
    add(cell, row) {
      const value = column.value(cell);
      cells[row] = value === null ? Number.NaN : Number(value);
    },
    values(rows) {
      const out = new Array<ParquetValue>(rows);
      for (let r = 0; r < rows; r++) {
        const n = cells[r];
        out[r] = Number.isNaN(n) ? null : bigint ? BigInt(n) : n;
      }
      return out;
    },
  };
}

function gatherer(column: ParquetColumn, groupRows: number): Gatherer {
  return column.element.type === "BYTE_ARRAY" ? textGatherer(column, groupRows) : numberGatherer(column, groupRows);
}

export interface ParquetOptions {
  rowGroupRows?: number;
}

/**
 * A Parquet file written as it is read: rows are gathered column by column until a row
 * group is full, the group is encoded (snappy-compressed pages) and handed on, and the
 * footer follows the last group. Column names are the CSV's headers.
 */
export function parquetStream(
  meta: ExportMeta,
  batches: AsyncIterable<ReportValue[][]>,
  options: ParquetOptions = {},
): ReadableStream<Uint8Array> {
  const groupRows = options.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS;
  const columns = meta.columns.map(parquetColumn);
  const names = uniqueNames(columns.map((c) => c.element.name));
  const schema: SchemaElement[] = [
    { name: "root", num_children: columns.length },
    ...columns.map((c, i) => ({ ...c.element, name: names[i] })),
  ];
  const iterator = batches[Symbol.asyncIterator]();
  let sink: ChunkedWriter | null = null;
  let parquet: ParquetWriter | null = null;
  const gathered = columns.map((c) => gatherer(c, groupRows));
  // Rows of the group so far; a batch that overflows the group waits in `pending`.
  let rows = 0;
  let pending: ReportValue[][] | null = null;
  let pendingFrom = 0;
  let done = false;

  /** Moves rows of `batch` from `from` into the group; returns where it stopped. */
  const gather = (batch: ReportValue[][], from: number): number => {
    const end = Math.min(batch.length, from + groupRows - rows);
    for (let i = 0; i < gathered.length; i++) {
      const column = gathered[i];
      for (let r = from; r < end; r++) column.add(batch[r][i] ?? null, rows + r - from);
    }
    rows += end - from;
    return end;
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!parquet || !sink) {
        sink = new ChunkedWriter(1 << 16);
        parquet = new ParquetWriter({ writer: sink, schema, codec: "SNAPPY", createdBy: "Chartroom" });
      }
      if (pending) {
        pendingFrom = gather(pending, pendingFrom);
        if (pendingFrom >= pending.length) pending = null;
      }
      while (!done && rows < groupRows) {
        const next = await iterator.next();
        if (next.done) done = true;
        else {
          const stopped = gather(next.value, 0);
          if (stopped < next.value.length) [pending, pendingFrom] = [next.value, stopped];
        }
      }
      if (rows > 0) {
        const rowGroupSize = rows;
        rows = 0;
        // Each column's values are made when the writer reaches that column, not all
        // before it starts: made up front, they lived through the whole group's encoding,
        // long enough to be promoted.
        const columnData = gathered.map((g, i) => ({
          name: names[i],
          get data() {
            return g.values(rowGroupSize);
          },
        }));
        await parquet.write({ columnData, rowGroupSize });
      }
      if (done) await parquet.finish();
      controller.enqueue(sink.take());
      if (done) controller.close();
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** Parquet readers address columns by name: a repeated header gets " (2)", " (3)"… */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let n = 2; seen.has(unique); n++) unique = `${name} (${n})`;
    seen.add(unique);
    return unique;
  });
}
