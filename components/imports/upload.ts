import { ApiRequestError } from "@/components/hooks/queries";
import { importApi, type ChunkRow } from "@/components/hooks/import-queries";
import { CHUNK_ROWS, type ImportChunkResult } from "@/lib/imports/schemas";
import { chunkLength } from "./chunks";
import { parseBatches, type Batch, type ParseRequest } from "./csv-batches";
import type { WorkerMessage, WorkerRequest } from "./csv-worker";

export interface UploadOptions extends ParseRequest {
  importId: string;
  onChunk: (result: ImportChunkResult, fraction: number) => void;
  onProgress: (fraction: number) => void;
}

export interface Upload {
  done: Promise<void>;
  cancel: () => void;
  /** Whether the file is parsed in a worker (else on the page). */
  inWorker: boolean;
}

const RETRY_DELAYS_MS = [500, 1500, 4000];

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A chunk goes again after a network failure or a server error; the server stores it once whatever happens. */
async function sendWithRetry(importId: string, rows: ChunkRow[], final: boolean): Promise<ImportChunkResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await importApi.sendChunk(importId, rows, final);
    } catch (error) {
      const permanent = error instanceof ApiRequestError && error.status < 500;
      if (permanent || attempt >= RETRY_DELAYS_MS.length) throw error;
      await sleep(RETRY_DELAYS_MS[attempt]);
    }
  }
}

class WorkerUnavailable extends Error {}

/** The same batches from a worker, so parsing a large file never blocks the page. Null without worker support. */
function parseInWorker(request: ParseRequest, onBatch: (batch: Batch) => Promise<void>) {
  if (typeof Worker === "undefined") return null;
  let worker: Worker;
  try {
    worker = new Worker(new URL("./csv-worker.ts", import.meta.url), { type: "module" });
  } catch {
    return null;
  }
  const post = (message: WorkerRequest) => worker.postMessage(message);
  let started = false;
  const done = new Promise<Batch["last"]>((resolve, reject) => {
    const stop = (error: Error) => {
      worker.terminate();
      reject(error);
    };
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      started = true;
      if (message.type === "batch") onBatch(message.batch).then(() => post({ type: "more" }), stop);
      else if (message.type === "done") {
        worker.terminate();
        resolve(message.last);
      } else stop(new Error(`Could not read the file: ${message.message}`));
    };
    // A worker that fails before its first answer never ran: the page parses instead.
    worker.onerror = (event) =>
      stop(started ? new Error(event.message || "The file reader stopped.") : new WorkerUnavailable());
    post({ type: "start", file: request.file, mapping: request.mapping, skipThrough: request.skipThrough });
  });
  return { done, abort: () => worker.terminate() };
}

/**
 * Streams the file (in a worker when the browser allows) and sends rows in chunks of up to
 * CHUNK_ROWS while parsing waits, so memory stays flat whatever the file size. One row is
 * always held back so that the last chunk, marked final, is never empty.
 */
export function startUpload(options: UploadOptions): Upload {
  let stopped = false;
  let buffer: ChunkRow[] = [];
  const request: ParseRequest = { file: options.file, mapping: options.mapping, skipThrough: options.skipThrough };

  async function send(final: boolean, fraction: number) {
    const size = chunkLength(buffer);
    const rows = buffer.slice(0, size);
    buffer = buffer.slice(size);
    options.onChunk(await sendWithRetry(options.importId, rows, final), fraction);
  }

  async function onBatch(batch: Batch) {
    if (stopped) throw new Error("Cancelled.");
    for (const row of batch.rows) buffer.push(row);
    if (buffer.length <= CHUNK_ROWS) return options.onProgress(batch.fraction);
    while (buffer.length > CHUNK_ROWS) await send(false, batch.fraction);
  }

  let worker = parseInWorker(request, onBatch);
  let abort = worker?.abort ?? (() => undefined);
  const inWorker = worker !== null;
  const done = (async () => {
    let last: Batch["last"] = null;
    if (worker) {
      try {
        last = await worker.done;
      } catch (error) {
        if (!(error instanceof WorkerUnavailable)) throw error;
        worker = null;
      }
    }
    if (!worker) {
      const inPage = parseBatches(request, onBatch);
      abort = inPage.abort;
      last = await inPage.done;
    }
    // Everything may have been sent before an interruption: the last row again closes the import.
    if (buffer.length === 0 && last) buffer = [last];
    if (buffer.length === 0) throw new Error("The file has no rows under its header.");
    while (buffer.length > 0) {
      const final = chunkLength(buffer) === buffer.length;
      await send(final, final ? 1 : 0.99);
    }
  })();
  return {
    done,
    inWorker,
    cancel: () => {
      stopped = true;
      abort();
    },
  };
}
