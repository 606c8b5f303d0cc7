// `npm run bench`: measures Chartroom on data it generates itself, next to a baseline
// from the same run, and writes docs/benchmarks.md.
//   --rows N       usage events to generate (default 1,000,000)
//   --cases a,b    which cases (default: all)
//   --runs N       timed runs per case (default 7; the first, warm-up run is not counted)
//   --out FILE     where to write the table (default docs/benchmarks.md)
// SQLite by default (a temporary file); DATABASE_URL=postgresql://… benchmarks a
// temporary database on that server instead.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { databaseConfig, type DatabaseConfig } from "../lib/db/config";
import { openConnection, type Connection } from "../lib/db/connection";
import { migrate } from "../lib/db/migrate";
import { createScratchDatabase } from "../lib/db/scratch";
import { sql } from "../lib/db/sql";
import { DAY_MS, usageEvents } from "../lib/demo/factories";
import { insertUsageEvents } from "../lib/demo/seed";
import { checkDefinition } from "../lib/reports/check";
import { compileReport, previewReport } from "../lib/reports/engine";
import { prepareExport } from "../lib/exports/pipeline";
import type { ExportFormat } from "../lib/exports/types";
import { REPORT_TEMPLATES } from "../lib/reports/templates";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    cases: { type: "string", default: "preview,export" },
    runs: { type: "string", default: "7" },
    out: { type: "string", default: "docs/benchmarks.md" },
  },
});
const ROWS = Number(args.rows.replace(/_/g, ""));
const RUNS = Math.max(1, Number(args.runs));
const CASES = new Set(args.cases.split(","));
const WORKSPACE = "bench-workspace";
const TZ = "America/New_York";
const NOW = Date.UTC(2026, 3, 1);

interface Result {
  name: string;
  chartroom: number[];
  /** Peak resident memory growth during the Chartroom runs, MB. */
  peakMb?: number;
  rowsPerRun?: number;
  baseline?: number[];
  baselineName?: string;
  note?: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const spread = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;

async function timed(fn: () => Promise<unknown> | unknown): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function setUp(): Promise<{ config: DatabaseConfig; conn: Connection; cleanup: () => Promise<void> }> {
  const base = databaseConfig();
  if (base.provider === "postgres") {
    const scratch = await createScratchDatabase(base.url, "chartroom_bench");
    const config: DatabaseConfig = { provider: "postgres", url: scratch.url };
    const conn = openConnection(config);
    return { config, conn, cleanup: async () => (await conn.close(), await scratch.drop()) };
  }
  const dir = mkdtempSync(join(tmpdir(), "chartroom-bench-"));
  const config: DatabaseConfig = { provider: "sqlite", url: join(dir, "bench.db") };
  const conn = openConnection(config);
  return { config, conn, cleanup: async () => (await conn.close(), rmSync(dir, { recursive: true, force: true })) };
}

async function generate(conn: Connection) {
  const t = performance.now();
  await conn.execute(sql`INSERT INTO workspaces (id, name, slug, timezone, locale, brand_color, templates_version, created_at)
    VALUES (${WORKSPACE}, 'Bench', 'bench', ${TZ}, 'en-US', '#2563eb', 0, ${new Date(NOW)})`);
  for (const batch of usageEvents({ workspaceId: WORKSPACE, count: ROWS, from: NOW - 90 * DAY_MS, to: NOW, seed: 42 }, 50_000)) {
    await conn.transaction((tx) => insertUsageEvents(tx, batch));
  }
  if (conn.provider === "postgres") await conn.exec("ANALYZE usage_events");
  else await conn.exec("ANALYZE");
  console.log(`generated ${ROWS.toLocaleString("en-US")} usage events in ${fmt(performance.now() - t)}`);
}

/** The same SQL with its values written in, for the database's own shell. */
function literalSql(provider: "sqlite" | "postgres", query: ReturnType<typeof sql>): string {
  const { text, values } = query.render(provider);
  let i = 0;
  const literal = (v: unknown) =>
    typeof v === "number" ? String(v) : `'${String(v instanceof Date ? v.toISOString() : v).replace(/'/g, "''")}'`;
  return provider === "postgres"
    ? text.replace(/\$(\d+)/g, (_, n) => literal(values[Number(n) - 1]))
    : text.replace(/\?/g, () => literal(values[i++]));
}

/** A baseline from the database's shell, or none when that shell is not installed. */
async function shellBaseline(run: () => Promise<number[]>): Promise<number[] | undefined> {
  try {
    return await run();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      console.log("database shell not installed: baseline skipped");
      return undefined;
    }
    throw error;
  }
}

function shellRunner(config: DatabaseConfig, statement: string): () => void {
  if (config.provider === "sqlite") {
    return () => execFileSync("sqlite3", [config.url], { input: `${statement};\n`, maxBuffer: 1 << 30 });
  }
  return () => execFileSync("psql", [config.url, "-q", "-c", statement], { maxBuffer: 1 << 30, stdio: ["ignore", "ignore", "inherit"] });
}

const PREVIEWS = [
  { name: "events per day and event type", definition: { dataset: "usage_events", timeRange: { type: "relative", preset: "last_90_days" }, timeBucket: "day", groupBy: ["event_type"], measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }] } },
  { name: "revenue by plan and country", definition: { dataset: "usage_events", timeRange: { type: "relative", preset: "last_90_days" }, groupBy: ["plan", "country"], measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }, { fn: "avg", field: "duration_ms" }] } },
  { name: "Usage Summary template over 90 days (with unique users and devices)", definition: { ...REPORT_TEMPLATES[0].definition, timeRange: { type: "relative", preset: "last_90_days" } } },
];

async function benchPreview(config: DatabaseConfig, conn: Connection): Promise<Result[]> {
  const results: Result[] = [];
  for (const p of PREVIEWS) {
    const report = checkDefinition(p.definition, { timezone: TZ, now: NOW });
    const chartroom = await timed(() => previewReport(conn, report, WORKSPACE, 0, 50));
    const { base, orderBy } = compileReport(conn.provider, report, WORKSPACE);
    const statement = literalSql(conn.provider, sql`SELECT * FROM (${base}) q ORDER BY ${orderBy}`);
    results.push({
      name: `Report preview, aggregate over ${ROWS.toLocaleString("en-US")} events: ${p.name}`,
      chartroom,
      baseline: await shellBaseline(() => timed(shellRunner(config, statement))),
      baselineName: `the same SQL in the ${config.provider === "sqlite" ? "sqlite3" : "psql"} shell`,
    });
  }
  return results;
}

/** Runs fn while sampling RSS; returns the largest growth over the starting RSS, in MB. */
async function withPeakMemory(fn: () => Promise<unknown>): Promise<number> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return (peak - base) / 2 ** 20;
}

const EXPORT_DEFINITION = {
  dataset: "usage_events",
  columns: ["occurred_at", "user_id", "device_id", "event_type", "plan", "country", "duration_ms", "revenue"],
  timeRange: { type: "absolute", from: "2025-12-01", to: "2026-04-30" },
  sort: [{ key: "occurred_at", dir: "asc" }],
  limit: 10_000_000,
};

async function benchExports(config: DatabaseConfig, conn: Connection): Promise<Result[]> {
  const report = checkDefinition(EXPORT_DEFINITION, { timezone: TZ, now: NOW });
  const branding = { name: "Bench", slug: "bench", timezone: TZ, locale: "en-US", brandColor: "#2563eb", logoUrl: null };
  const results: Result[] = [];
  for (const format of ["csv", "json", "xlsx"] as ExportFormat[]) {
    const run = async () => {
      const prepared = await prepareExport(conn, WORKSPACE, branding, report, { name: "bench", description: "" }, { format });
      const reader = prepared.body.getReader();
      for (;;) if ((await reader.read()).done) break;
    };
    // XLSX is far slower per row (exceljs); one timed run keeps the whole bench short.
    const runs = format === "xlsx" ? 1 : RUNS;
    const times: number[] = [];
    let peakMb = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      peakMb = Math.max(peakMb, await withPeakMemory(run));
      times.push(performance.now() - t);
    }
    const result: Result = { name: `${format.toUpperCase()} export of ${ROWS.toLocaleString("en-US")} rows (pipeline, no HTTP)`, chartroom: times, peakMb, rowsPerRun: ROWS };
    if (format === "csv" && config.provider === "sqlite") {
      const { base, orderBy } = compileReport(conn.provider, report, WORKSPACE);
      const statement = literalSql("sqlite", sql`${base} ORDER BY ${orderBy}`);
      result.baseline = await shellBaseline(() =>
        timed(() => execFileSync("sqlite3", ["-csv", "-header", config.url], { input: `${statement};\n`, maxBuffer: 1 << 30 })),
      );
      result.baselineName = "sqlite3 -csv of the same query";
    }
    results.push(result);
  }
  return results;
}

function versions(): string {
  const v = (cmd: string, a: string[]) => {
    try {
      return execFileSync(cmd, a, { encoding: "utf8" }).trim().split("\n")[0];
    } catch {
      return "not found";
    }
  };
  return `Node ${process.version}; sqlite3 CLI ${v("sqlite3", ["--version"]).split(" ")[0]}; ${v("psql", ["--version"])}`;
}

function markdown(config: DatabaseConfig, results: Result[]): string {
  const rows = results.map((r) => {
    const c = median(r.chartroom);
    const b = r.baseline ? median(r.baseline) : undefined;
    const extra = [
      r.rowsPerRun ? `${Math.round(r.rowsPerRun / (c / 1000)).toLocaleString("en-US")} rows/s` : "",
      r.peakMb !== undefined ? `peak RSS +${r.peakMb.toFixed(0)} MB` : "",
    ].filter(Boolean);
    return `| ${r.name} | ${fmt(c)} (${spread(r.chartroom)})${extra.length ? `; ${extra.join("; ")}` : ""} | ${b !== undefined ? `${fmt(b)} (${spread(r.baseline!)}), ${r.baselineName}` : "—"} | ${b !== undefined ? `${(c / b).toFixed(2)}×` : "—"} |`;
  });
  return [
    "# Benchmarks",
    "",
    `Run on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${config.provider === "sqlite" ? "SQLite (embedded)" : "PostgreSQL"}; ${versions()}.`,
    `Data: ${ROWS.toLocaleString("en-US")} generated usage events in one workspace over 90 days. Median of ${RUNS} runs after one warm-up, range in brackets. Ratio = Chartroom ÷ baseline (lower is better).`,
    "",
    "| case | Chartroom | baseline in the same run | ratio |",
    "|---|---|---|---|",
    ...rows,
    "",
    "Command: `npm run bench` (options: `--rows`, `--cases`, `--runs`, `--out`; `DATABASE_URL=postgresql://…` for PostgreSQL).",
    "",
  ].join("\n");
}

const { config, conn, cleanup } = await setUp();
try {
  await migrate(conn);
  await generate(conn);
  const results: Result[] = [];
  if (CASES.has("preview")) results.push(...(await benchPreview(config, conn)));
  if (CASES.has("export")) results.push(...(await benchExports(config, conn)));
  for (const r of results) {
    console.log(`${r.name}: ${fmt(median(r.chartroom))} median (${spread(r.chartroom)})` +
      (r.peakMb !== undefined ? `; peak RSS +${r.peakMb.toFixed(0)} MB` : "") +
      (r.baseline ? `; baseline ${fmt(median(r.baseline))}` : ""));
  }
  writeFileSync(args.out, markdown(config, results));
  console.log(`wrote ${args.out}`);
} finally {
  await cleanup();
}
