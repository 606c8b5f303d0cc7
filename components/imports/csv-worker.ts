// Parses the CSV off the page's thread; the page asks for each next batch once it has sent
// the previous one, so the worker never runs ahead of the upload.
import { parseBatches, type Batch, type ParseRequest } from "./csv-batches";

export type WorkerRequest = ({ type: "start" } & ParseRequest) | { type: "more" } | { type: "abort" };
export type WorkerMessage =
  { type: "batch"; batch: Batch } | { type: "done"; last: Batch["last"] } | { type: "error"; message: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage: (m: WorkerMessage) => void;
};
let next: (() => void) | null = null;
let abort: (() => void) | null = null;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "more") {
    next?.();
    next = null;
    return;
  }
  if (message.type === "abort") {
    abort?.();
    next?.();
    return;
  }
  const parse = parseBatches(
    message,
    (batch) =>
      new Promise<void>((resolve) => {
        next = resolve;
        scope.postMessage({ type: "batch", batch });
      }),
  );
  abort = parse.abort;
  parse.done.then(
    (last) => scope.postMessage({ type: "done", last }),
    (error: unknown) =>
      scope.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) }),
  );
};
