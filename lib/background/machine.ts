import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { logEvent } from "../log";

// The one machine behind background work: export jobs, schedule runs and the cleanup they
// share. Work is leased in the database: a row names the process that holds it (its
// instance id) and carries a heartbeat the holder refreshes; a row whose heartbeat is
// older than its kind's stale limit is taken back by whichever process looks next.
//
// A small module of our own on purpose: the job libraries for Node (BullMQ, pg-boss,
// Graphile Worker) each need Redis or PostgreSQL, and none runs on both SQLite and
// PostgreSQL, which Chartroom supports alike. The leases are plain columns and
// conditional updates in the tables the work lives in.

/** Names this process in lease columns (`export_jobs.worker_id`, `schedule_runs.claimed_by`). */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

/** How often a holder refreshes the heartbeat of the work it leases. */
export const HEARTBEAT_MS = 10_000;

/**
 * Refreshes a lease's heartbeat every HEARTBEAT_MS until the returned function is called.
 * A failed refresh is left to the next one: a lease only lapses after its stale limit.
 */
export function keepLeaseAlive(refresh: () => Promise<unknown>, everyMs = HEARTBEAT_MS): () => void {
  const timer = setInterval(() => {
    void refresh().catch(() => undefined);
  }, everyMs);
  return () => clearInterval(timer);
}

/** The moment before which a heartbeat counts as lost. */
export const staleBefore = (now: number, staleMs: number) => new Date(now - staleMs);

export interface LoopSpec {
  /** "exports", "schedules": one loop of a name per process. */
  name: string;
  /** One pass of work; `stopped()` turns true when the loop is stopped mid-pass. */
  pass: (stopped: () => boolean) => Promise<void>;
  /** Milliseconds to wait before the next pass (`first` before the first one). */
  wait: (first: boolean) => number;
}

interface LoopState {
  stop: () => void;
  lastPassAt?: number;
}

// On globalThis so that a module evaluated twice (dev reloads, route bundles) still finds
// the loop already running in this process instead of starting a second one.
const loops = ((globalThis as unknown as { chartroomLoops?: Map<string, LoopState> }).chartroomLoops ??= new Map());

/** Runs `pass` over and over in this process until stopped; a failed pass is logged and the loop goes on. */
export function startLoop(spec: LoopSpec): () => void {
  const existing = loops.get(spec.name);
  if (existing) return existing.stop;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const state: LoopState = {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      if (loops.get(spec.name) === state) loops.delete(spec.name);
    },
  };
  const tick = async () => {
    try {
      await spec.pass(() => stopped);
      state.lastPassAt = Date.now();
    } catch (error) {
      logEvent("background.pass_failed", { loop: spec.name, error: String(error) }, "error");
    }
    if (!stopped) timer = setTimeout(tick, spec.wait(false));
  };
  timer = setTimeout(tick, spec.wait(true));
  loops.set(spec.name, state);
  return state.stop;
}

/** Whether a loop runs in this process, and when its last pass finished (for /api/health). */
export function loopState(name: string): { running: boolean; lastPassAt: string | null } {
  const state = loops.get(name);
  return { running: Boolean(state), lastPassAt: state?.lastPassAt ? new Date(state.lastPassAt).toISOString() : null };
}
