import "server-only";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Connection } from "../db/connection";
import { centsColumns } from "../reports/amounts";
import type { CheckedReport } from "../reports/check";
import { sql } from "../db/sql";
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
  const { text, values } = sql`${base} ORDER BY ${orderBy} LIMIT ${report.definition.limit}`.render("sqlite");
  const masked = columns.some((c) => c.pseudonym);
  return readWorker({
    file: conn.readerFile,
    text,
    values,
    timeZone: report.range.timezone,
    chunkRows: CHUNK_ROWS,
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
