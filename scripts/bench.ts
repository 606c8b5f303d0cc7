// `npm run bench`: measures Chartroom on data it generates itself, next to a baseline
// from the same run, and writes docs/benchmarks.md.
//   --rows N       usage events to generate (default 1,000,000; at most 10,000,000)
//   --cases a,b    preview, export, pdf, concurrency, dispatch, dispatch-webhook (default: all)
//   --formats a,b  export formats: csv, json, xlsx, parquet (default: those four), and pdf (its
//                  table stops at 20,000 rows, its charts read as many)
//   --runs N       timed runs per case (default 5; one untimed warm-up run first)
//   --out FILE     where to write the table (default docs/benchmarks.md)
//   --port N       port of the app server, scripts/serve.mjs (default 3301)
//   --build        rebuild first; --no-build: use .next as it is. By default a full run
//                  rebuilds when the sources are newer than the build, and a small run
//                  (under 100,000 rows, e.g. the smoke run in `npm test`) uses any build.
// Export, preview and concurrency cases run end to end against the app server on a fresh
// database; without a production build (small runs only) they fall back to the pipeline
// in this process, and say so. SQLite by default (a temporary file);
// DATABASE_URL=postgresql://… benchmarks a temporary database on that server instead.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { databaseConfig, type DatabaseConfig } from "../lib/db/config";
import { openConnection, type Connection } from "../lib/db/connection";
import { migrate } from "../lib/db/migrate";
import { createScratchDatabase } from "../testing/scratch-database";
import { sql } from "../lib/db/sql";
import { DAY_MS, usageEvents } from "../lib/demo/factories";
import { insertUsageEvents } from "../lib/demo/seed";
import type { ExportFormat } from "../lib/exports/types";
import { concurrencyCase, dispatchCase, exportCases, pdfCase, previewCases, type Context } from "./bench/cases";
import { count, fmt, median, type Result } from "./bench/common";
import { markdown } from "./bench/report";
import { DEMO_EMAIL, ensureBuild, signIn, startServer, type Server } from "./bench/server";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    cases: { type: "string", default: "preview,export,pdf,concurrency,dispatch,dispatch-webhook" },
    formats: { type: "string", default: "csv,json,xlsx,parquet" },
    runs: { type: "string", default: "5" },
    out: { type: "string", default: "docs/benchmarks.md" },
    port: { type: "string", default: "3301" },
    build: { type: "boolean" },
    "no-build": { type: "boolean" },
  },
});
const ROWS = Number(args.rows.replace(/[_,]/g, ""));
if (!Number.isInteger(ROWS) || ROWS < 1 || ROWS > 10_000_000)
  throw new Error("--rows must be between 1 and 10,000,000");
const RUNS = Math.max(1, Number(args.runs));
const CASES = new Set(args.cases.split(","));
const EXPORT_FORMATS: ExportFormat[] = ["csv", "json", "xlsx", "parquet", "pdf"];
const FORMATS = args.formats.split(",").map((f) => {
  const format = EXPORT_FORMATS.find((known) => known === f.trim());
  if (!format) throw new Error(`--formats: ${f} is not one of ${EXPORT_FORMATS.join(", ")}`);
  return format;
});
const SMOKE = ROWS < 100_000;
const WORKSPACE = "bench-workspace";
const TZ = "America/New_York";
const NOW = Date.UTC(2026, 3, 1);
const started = performance.now();

async function setUp(): Promise<{ config: DatabaseConfig; serverUrl: string; cleanup: () => Promise<void> }> {
  const base = databaseConfig();
  if (base.provider === "postgres") {
    const scratch = await createScratchDatabase(base.url, "chartroom_bench");
    return {
      config: { provider: "postgres", url: scratch.url },
      serverUrl: scratch.url,
      cleanup: () => scratch.drop(),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "chartroom-bench-"));
  const file = join(dir, "chartroom.db");
  return {
    config: { provider: "sqlite", url: file },
    serverUrl: `file:${file}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The bench workspace with its events; the demo user (from the server's seed, if it ran) is its owner. */
async function generate(conn: Connection) {
  const t = performance.now();
  await conn.execute(sql`INSERT INTO workspaces (id, name, slug, timezone, locale, brand_color, templates_version, created_at)
    VALUES (${WORKSPACE}, 'Bench', 'bench', ${TZ}, 'en-US', '#2563eb', 0, ${new Date(NOW)})`);
  const [demo] = await conn.query<{ id: string }>(sql`SELECT id FROM users WHERE email = ${DEMO_EMAIL}`);
  if (demo) {
    await conn.execute(sql`INSERT INTO memberships (id, user_id, workspace_id, role, created_at)
      VALUES (${randomUUID()}, ${demo.id}, ${WORKSPACE}, 'owner', ${new Date()})`);
  }
  for (const batch of usageEvents(
    { workspaceId: WORKSPACE, count: ROWS, from: NOW - 90 * DAY_MS, to: NOW, seed: 42 },
    50_000,
  )) {
    await conn.transaction((tx) => insertUsageEvents(tx, batch));
  }
  if (conn.provider === "postgres") await conn.exec("ANALYZE usage_events, usage_hourly");
  else await conn.exec("ANALYZE");
  console.log(`generated ${count(ROWS)} usage events in ${fmt(performance.now() - t)}`);
}

const { config, serverUrl, cleanup } = await setUp();
let server: Server | undefined;
let conn: Connection | undefined;
try {
  const needsServer = ["export", "preview", "concurrency"].some((c) => CASES.has(c));
  const build = needsServer
    ? ensureBuild(args.build ? "always" : args["no-build"] ? "never" : "auto", SMOKE)
    : { ok: false, why: "not needed" };
  if (needsServer && !build.ok) {
    if (!SMOKE) throw new Error(`cannot run the end-to-end cases: ${build.why}`);
    console.log(`${build.why}: export and preview cases run in this process instead`);
  }
  if (build.ok) {
    // The server creates the schema and the demo user on its first start.
    server = await startServer(serverUrl, Number(args.port));
    console.log(
      `next start on ${server.url} (pid ${server.pid()}), idle RSS ${server.idleRssMb().toFixed(0)} MB${build.why ? ` (${build.why})` : ""}`,
    );
  }
  conn = openConnection(config);
  if (!server) await migrate(conn);
  await generate(conn);
  const ctx: Context = { config, conn, rows: ROWS, runs: RUNS, workspace: WORKSPACE, timeZone: TZ, server };
  if (server) ctx.client = await signIn(server.url, WORKSPACE);

  const results: Result[] = [];
  let reportId: string | undefined;
  if (CASES.has("export")) {
    const out = await exportCases(ctx, FORMATS);
    results.push(...out.results);
    reportId = out.reportId;
  }
  if (CASES.has("pdf")) results.push(...(await pdfCase(ctx)));
  if (CASES.has("preview")) results.push(...(await previewCases(ctx)));
  if (CASES.has("concurrency")) {
    if (!ctx.client)
      results.push({
        name: "Two exports at once: /api/health p95",
        chartroom: [],
        skipped: "needs the end-to-end server",
      });
    else {
      reportId ??= (await exportCases({ ...ctx, runs: 1 }, [])).reportId;
      results.push(...(await concurrencyCase(ctx, reportId!)));
    }
  }
  // The smoke run keeps the case alive with a handful of schedules.
  if (CASES.has("dispatch")) results.push(...(await dispatchCase(ctx, SMOKE ? 20 : 1000)));
  if (CASES.has("dispatch-webhook")) results.push(...(await dispatchCase(ctx, SMOKE ? 20 : 1000, true)));

  for (const r of results) {
    if (r.skipped) console.log(`${r.name}: skipped, ${r.skipped}`);
    else if (r.p95) console.log(`${r.name}: p95 ${fmt(r.p95.chartroom)}; idle p95 ${fmt(r.p95.baseline)}`);
    else
      console.log(
        `${r.name}: ${fmt(median(r.chartroom))} median` +
          (r.peakMb !== undefined ? `; peak RSS +${r.peakMb.toFixed(0)} MB` : "") +
          (r.baseline ? `; baseline ${fmt(median(r.baseline))}` : ""),
      );
  }
  const notesFile = "scripts/bench/notes.md";
  let notes = "";
  try {
    notes = readFileSync(notesFile, "utf8");
  } catch {
    notes = "";
  }
  writeFileSync(
    args.out,
    markdown({
      database: config.provider === "sqlite" ? "SQLite (embedded, WAL)" : "PostgreSQL",
      rows: ROWS,
      runs: RUNS,
      mode: server
        ? "Exports, previews and the health check went over HTTP to `next start` (peak RSS = growth of the server's process tree over its idle RSS, sampled every 20 ms plus VmHWM)."
        : "No production build: exports and previews ran in this process (peak RSS = growth of this process).",
      results,
      command: `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
      notes,
    }),
  );
  console.log(`wrote ${args.out} in ${fmt(performance.now() - started)}`);
} finally {
  await conn?.close();
  await server?.stop();
  await cleanup();
}
