// docs/benchmarks.md: the table, the machine and versions, and the targets.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { count, fmt, median, rate, spread, type Result } from "./common";

function version(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .trim()
      .split("\n")[0];
  } catch {
    return "not found";
  }
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

export function versions(): string {
  const pkgs = ["next", "better-sqlite3", "pg", "exceljs", "@react-pdf/renderer", "papaparse"].map(
    (p) => `${p} ${packageVersion(p)}`,
  );
  return [
    `Node ${process.version}`,
    ...pkgs,
    `sqlite3 CLI ${version("sqlite3", ["--version"]).split(" ")[0]}`,
    version("psql", ["--version"]),
    version(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", ["--version"]),
  ].join("; ");
}

function cellOf(r: Result): { chartroom: string; baseline: string; ratio: string } {
  if (r.skipped) return { chartroom: `skipped: ${r.skipped}`, baseline: "—", ratio: "—" };
  if (r.p95) {
    return {
      chartroom: `p95 ${fmt(r.p95.chartroom)} (median ${fmt(median(r.chartroom))}, ${r.p95.samples} requests)`,
      baseline: `p95 ${fmt(r.p95.baseline)}, ${r.baselineName}`,
      ratio: `${(r.p95.chartroom / r.p95.baseline).toFixed(2)}×`,
    };
  }
  const c = median(r.chartroom);
  const extra = [
    r.rowsPerRun ? `${count(Math.round(rate(r.rowsPerRun, c)))} rows/s` : "",
    r.peakMb !== undefined ? `peak RSS +${r.peakMb.toFixed(0)} MB` : "",
  ].filter(Boolean);
  const chartroom = `${fmt(c)} (${spread(r.chartroom)})${extra.length ? `; ${extra.join("; ")}` : ""}`;
  if (!r.baseline) return { chartroom, baseline: r.note ?? "—", ratio: "—" };
  const b = median(r.baseline);
  const bExtra = [
    r.rowsPerRun ? `${count(Math.round(rate(r.rowsPerRun, b)))} rows/s` : "",
    r.baselinePeakMb !== undefined ? `peak RSS +${r.baselinePeakMb.toFixed(0)} MB` : "",
  ].filter(Boolean);
  const range = r.baseline.length > 1 ? ` (${spread(r.baseline)})` : "";
  const memory =
    r.peakMb !== undefined && r.baselinePeakMb ? `; memory ${(r.peakMb / r.baselinePeakMb).toFixed(2)}×` : "";
  return {
    chartroom,
    baseline: `${fmt(b)}${range}${bExtra.length ? `; ${bExtra.join("; ")}` : ""}, ${r.baselineName}`,
    ratio: `time ${(c / b).toFixed(2)}×${memory}`,
  };
}

export function markdown(opts: {
  database: string;
  rows: number;
  runs: number;
  mode: string;
  results: Result[];
  command: string;
  notes: string;
}): string {
  const lines = opts.results.map((r) => {
    const c = cellOf(r);
    const targets =
      (r.targets ?? [])
        .map((t) => `${t.met ? "✅" : "❌"} ${t.text}${t.actual ? ` (${t.actual})` : ""}`)
        .join("<br>") || "—";
    return `| ${r.name} | ${c.chartroom} | ${c.baseline} | ${c.ratio} | ${targets} |`;
  });
  return [
    "# Benchmarks",
    "",
    `Run on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC: ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (a shared machine: other work ran at the same time, so compare the ratios more than the absolute figures); ${opts.database}.`,
    `Versions: ${versions()}.`,
    `Data: ${count(opts.rows)} generated usage events in one workspace over 90 days. ${opts.mode} Median of ${opts.runs} runs after one warm-up, range in brackets. Ratio = Chartroom ÷ baseline (lower is better).`,
    "",
    "| case | Chartroom | baseline in the same run | ratio | targets |",
    "|---|---|---|---|---|",
    ...lines,
    "",
    `Command: \`${opts.command}\` (options: \`--rows N\` (default 1,000,000, up to 10,000,000), \`--cases\` (${"preview,export,pdf,concurrency,dispatch"}), \`--formats\` (csv,json,xlsx,parquet,pdf), \`--runs\`, \`--out\`, \`--port\`, \`--build\` / \`--no-build\`; \`DATABASE_URL=postgresql://…\` for PostgreSQL).`,
    "",
    opts.notes,
  ].join("\n");
}
