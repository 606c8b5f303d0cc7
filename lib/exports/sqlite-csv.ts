import "server-only";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Connection } from "../db/connection";
import { centsColumns } from "../reports/amounts";
import type { CheckedReport } from "../reports/check";
import { raw, sql } from "../db/sql";
import { compileReport } from "../reports/engine";
import { pseudonymKey, pseudonymPrefix } from "../reports/redaction";
import { FORMULA_PREFIX, NEEDS_PAPA } from "./csv";

// SQLite's driver is synchronous: stepping through a million rows on the server's event
// loop held every other request up. Here a worker thread with its own read-only
// connection reads the rows and writes the CSV lines; this thread only passes bytes on.

/** Plain JavaScript beside this file, loaded at run time rather than bundled (see next.config's tracing). */
const WORKER_FILE = join(/*turbopackIgnore: true*/ process.cwd(), "lib", "exports", "sqlite-csv-worker.mjs");
/** Rows per chunk the worker sends: the event loop only forwards them, so larger is cheaper. */
const CHUNK_ROWS = 4000;
/** Chunks the worker may write ahead of the client. */
const AHEAD = 4;

type CellKind = "text" | "integer" | "number" | "cents" | "instant";
interface WorkerColumn {
  kind: CellKind;
  pseudonym?: { field: string; prefix: string };
}

/** How the worker writes each column, or null when only the in-process writer can (aggregates, audit details). */
function workerColumns(report: CheckedReport): WorkerColumn[] | null {
  if (report.aggregated) return null;
  const cents = centsColumns(report);
  const masked = report.redaction === "masked";
  const out: WorkerColumn[] = [];
  for (const c of report.columns) {
    if (c.kind !== "field" || c.type === "date" || c.type === "hour") return null;
    if (cents.has(c.key)) out.push({ kind: "cents" });
    else if (c.type === "datetime") out.push({ kind: "instant" });
    else if (c.type === "integer" || c.type === "number") out.push({ kind: c.type });
    else if (!masked || !c.sensitive) out.push({ kind: "text" });
    else if (c.masking) return null;
    else out.push({ kind: "text", pseudonym: { field: c.key, prefix: pseudonymPrefix(c.key) } });
  }
  return out.length > 0 ? out : null;
}

const MAX_SAFE = 9007199254740991;
/** Amounts below 2^50 cents, whose decimal text is what JavaScript prints for cents / 100. */
const MAX_CENTS = 2 ** 50 - 1;

/**
 * A column whose cell SQLite can write itself (text that needs no quotes or formula guard,
 * whole numbers, amounts from cents), and when a value needs JavaScript after all.
 */
function sqlCell(kind: CellKind, col: string): { text: string; care: string } | null {
  switch (kind) {
    case "text":
      return {
        text: `COALESCE(${col}, '')`,
        care:
          `typeof(${col}) NOT IN ('text', 'null') OR instr(${col}, '"') OR instr(${col}, ',') OR instr(${col}, char(13)) ` +
          `OR instr(${col}, char(10)) OR instr(${col}, char(65279)) ` +
          `OR substr(${col}, 1, 1) IN (' ', '=', '+', '-', '@', char(9)) OR substr(${col}, -1) = ' '`,
      };
    case "integer":
      return {
        text: `COALESCE(CAST(${col} AS TEXT), '')`,
        care: `typeof(${col}) NOT IN ('integer', 'null') OR ${col} NOT BETWEEN -${MAX_SAFE} AND ${MAX_SAFE}`,
      };
    case "cents": {
      const a = `abs(${col})`;
      const decimals = `CASE WHEN ${a} % 10 = 0 THEN CAST(${a} % 100 / 10 AS TEXT) ELSE substr('0' || CAST(${a} % 100 AS TEXT), -2) END`;
      return {
        text:
          `CASE WHEN ${col} IS NULL THEN '' WHEN ${col} % 100 = 0 THEN CAST(${col} / 100 AS TEXT) ` +
          `ELSE (CASE WHEN ${col} < 0 THEN '-' ELSE '' END) || CAST(${a} / 100 AS TEXT) || '.' || ${decimals} END`,
        care: `typeof(${col}) NOT IN ('integer', 'null') OR ${col} NOT BETWEEN -${MAX_CENTS} AND ${MAX_CENTS}`,
      };
    }
    default:
      return null;
  }
}

interface RowPlan {
  select: string;
  care: string;
  /** What a row holds after its care flag: a column's value for JavaScript, or text SQLite wrote for a run of columns. */
  parts: { column?: number; at: number }[];
  /** Where each column's own value is in a row that needs care. */
  rawAt: number[];
}

/**
 * Most rows need no care: SQLite joins each run of columns it can write into one text, so
 * the driver makes one string for them instead of a value per cell. A row that needs care
 * carries every value instead and is written cell by cell, as in-process.
 */
function rowPlan(report: CheckedReport, columns: WorkerColumn[]): RowPlan {
  const select = [`c."__care"`];
  const cares: string[] = [];
  const parts: RowPlan["parts"] = [];
  const rawAt: number[] = new Array(columns.length);
  let run: string[] = [];
  const endRun = () => {
    if (run.length === 0) return;
    parts.push({ at: select.length });
    select.push(`CASE WHEN c."__care" THEN NULL ELSE ${run.join(" || ',' || ")} END`);
    run = [];
  };
  const ident = (i: number) => `"${report.columns[i].key}"`;
  columns.forEach((column, i) => {
    const cell = column.pseudonym ? null : sqlCell(column.kind, `c.${ident(i)}`);
    if (!cell) {
      endRun();
      parts.push({ column: i, at: select.length });
      rawAt[i] = select.length;
      select.push(`c.${ident(i)}`);
      return;
    }
    run.push(cell.text);
    cares.push(`(${sqlCell(column.kind, `q.${ident(i)}`)!.care})`);
  });
  endRun();
  columns.forEach((column, i) => {
    if (rawAt[i] !== undefined) return;
    rawAt[i] = select.length;
    select.push(`CASE WHEN c."__care" THEN c.${ident(i)} END`);
  });
  return { select: select.join(", "), care: cares.length > 0 ? `(${cares.join(" OR ")})` : "0", parts, rawAt };
}

/** The report's CSV lines written by a worker thread, or null when the in-process writer must write them. */
export function workerCsvLines(
  conn: Connection,
  report: CheckedReport,
  workspaceId: string,
): AsyncGenerator<Uint8Array> | null {
  if (conn.provider !== "sqlite" || !conn.readerFile) return null;
  const columns = workerColumns(report);
  if (!columns) return null;
  const { base, orderBy } = compileReport("sqlite", report, workspaceId);
  const plan = rowPlan(report, columns);
  const { text, values } =
    sql`SELECT ${raw(plan.select)} FROM (SELECT q.*, ${raw(plan.care)} AS "__care" FROM (${base} ORDER BY ${orderBy} LIMIT ${report.definition.limit}) q) c`.render(
      "sqlite",
    );
  const masked = columns.some((c) => c.pseudonym);
  return readWorker({
    file: conn.readerFile,
    text,
    values,
    timeZone: report.range.timezone,
    chunkRows: CHUNK_ROWS,
    parts: plan.parts,
    rawAt: plan.rawAt,
    pseudonymKey: masked ? pseudonymKey() : null,
    workspaceId,
    columns,
  });
}

/** Threads kept for the next export: starting one (a V8 isolate, the driver, papaparse) costs ~50–150 ms of CPU. */
const MAX_IDLE = 2;
const idle: Worker[] = [];

function takeWorker(): Worker {
  const kept = idle.pop();
  if (kept) {
    kept.ref();
    return kept;
  }
  const worker = new Worker(WORKER_FILE, {
    workerData: { formula: FORMULA_PREFIX.source, needsPapa: NEEDS_PAPA.source },
    // No inherited loader flags (a tsx or test runner hook would load itself into the thread too).
    execArgv: [],
  });
  worker.on("exit", () => {
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  });
  return worker;
}

function keep(worker: Worker): void {
  if (idle.length >= MAX_IDLE) {
    void worker.terminate();
    return;
  }
  // An idle thread does not keep the process alive.
  worker.unref();
  idle.push(worker);
}

async function* readWorker(job: object): AsyncGenerator<Uint8Array> {
  const worker = takeWorker();
  const queue: Uint8Array[] = [];
  let done = false;
  let failure: Error | null = null;
  let notify: (() => void) | null = null;
  const wake = () => {
    const resume = notify;
    notify = null;
    resume?.();
  };
  const onMessage = (message: { chunk?: Uint8Array; done?: boolean; error?: string }) => {
    if (message.chunk) queue.push(message.chunk);
    else if (message.done) done = true;
    else failure ??= new Error(message.error);
    wake();
  };
  const onError = (error: Error) => {
    failure ??= error;
    wake();
  };
  const onExit = (code: number) => {
    failure ??= new Error(`The CSV worker stopped (exit code ${code}).`);
    wake();
  };
  worker.on("message", onMessage);
  worker.on("error", onError);
  worker.on("exit", onExit);
  worker.postMessage({ job });
  worker.postMessage({ more: AHEAD });
  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        worker.postMessage({ more: 1 });
        yield chunk;
      } else if (failure) throw failure;
      else if (done) return;
      else await new Promise<void>((resolve) => (notify = resolve));
    }
  } finally {
    worker.off("message", onMessage);
    worker.off("error", onError);
    worker.off("exit", onExit);
    // A thread stopped halfway (the client went away) or failed is not reused.
    if (done && !failure) keep(worker);
    else await worker.terminate();
  }
}
