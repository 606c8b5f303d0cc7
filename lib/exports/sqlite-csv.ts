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
    formula: FORMULA_PREFIX.source,
    needsPapa: NEEDS_PAPA.source,
    pseudonymKey: masked ? pseudonymKey() : null,
    workspaceId,
    columns,
  });
}

async function* readWorker(workerData: object): AsyncGenerator<Uint8Array> {
  const worker = new Worker(WORKER_FILE, { workerData });
  const queue: Uint8Array[] = [];
  let done = false;
  let failure: Error | null = null;
  let notify: (() => void) | null = null;
  const wake = () => {
    const resume = notify;
    notify = null;
    resume?.();
  };
  worker.on("message", (message: { chunk?: Uint8Array; done?: boolean; error?: string }) => {
    if (message.chunk) queue.push(message.chunk);
    else if (message.done) done = true;
    else failure ??= new Error(message.error);
    wake();
  });
  worker.on("error", (error) => {
    failure ??= error;
    wake();
  });
  worker.on("exit", (code) => {
    if (!done) failure ??= new Error(`The CSV worker stopped (exit code ${code}).`);
    wake();
  });
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
    await worker.terminate();
  }
}
