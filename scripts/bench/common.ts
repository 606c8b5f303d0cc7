// Shared by the benchmark cases: results, timing, statistics and memory sampling.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

export interface Result {
  name: string;
  /** Chartroom's run times, ms. */
  chartroom: number[];
  /** Peak resident memory growth during the Chartroom runs, MB. */
  peakMb?: number;
  rowsPerRun?: number;
  baseline?: number[];
  baselineName?: string;
  baselinePeakMb?: number;
  /** Shown instead of figures when the case could not run. */
  skipped?: string;
  note?: string;
  /** Latency cases: p95 in ms of Chartroom and of the baseline, instead of run times. */
  p95?: { chartroom: number; baseline: number; samples: number };
  /** Targets this case checks, with whether they hold. */
  targets?: { text: string; met: boolean; actual?: string }[];
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
export const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const spread = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
export const count = (n: number) => n.toLocaleString("en-US");
export const rate = (rows: number, ms: number) => rows / (ms / 1000);

/** One warm-up run, then `runs` timed ones. */
export async function timed(runs: number, fn: () => Promise<unknown> | unknown, warmUp = true): Promise<number[]> {
  if (warmUp) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The process and all its descendants, from /proc. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name, which may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(entry));
      parents.set(ppid, list);
    } catch {
      // The process ended while being listed.
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(parents.get(pid) ?? []));
  }
  return out;
}

/** Resident memory of a process tree, MB. */
export function treeRssMb(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + statusKb(pid, "VmRSS"), 0) / 1024;
}

/** CPU time (user + system) a process tree has used so far, ms (/proc stat, 100 ticks a second). */
export function treeCpuMs(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return ticks * 10;
}

/**
 * processTree, listed again at most once a second: listing reads every process in /proc,
 * which sampled every 20 ms would take CPU from what is being measured.
 */
function cachedTree(): (root: number) => number[] {
  let at = 0;
  let of = 0;
  let pids: number[] = [];
  return (root) => {
    const now = performance.now();
    if (root !== of || now - at > 1000) {
      pids = processTree(root);
      of = root;
      at = now;
    }
    return pids;
  };
}

/**
 * Peak RSS of a process tree while fn runs, MB: VmRSS sampled every 20 ms, and, for
 * the root, its high-water mark (VmHWM, reset before the run) so no peak between samples
 * is missed.
 */
export async function treePeakMb<T>(
  root: () => number | undefined,
  fn: () => Promise<T>,
): Promise<{ value: T; peakMb: number }> {
  let peak = 0;
  const resetHwm = (pid: number) => {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, "5");
    } catch {
      // Not permitted: the sampled VmRSS is all there is.
    }
  };
  const first = root();
  if (first) resetHwm(first);
  const tree = cachedTree();
  const sample = () => {
    const pid = root();
    if (pid) peak = Math.max(peak, tree(pid).reduce((sum, p) => sum + statusKb(p, "VmRSS"), 0) / 1024);
  };
  const timer = setInterval(sample, 20);
  try {
    const value = await fn();
    sample();
    const pid = root();
    if (pid && pid === first) {
      const others =
        processTree(pid)
          .slice(1)
          .reduce((sum, p) => sum + statusKb(p, "VmRSS"), 0) / 1024;
      peak = Math.max(peak, statusKb(pid, "VmHWM") / 1024 + others);
    }
    return { value, peakMb: peak };
  } finally {
    clearInterval(timer);
  }
}
