// The benchmark cases. Each returns Results; none invents a figure it did not measure.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseConfig } from "../../lib/db/config";
import type { Connection } from "../../lib/db/connection";
import { sql } from "../../lib/db/sql";
import { prepareExport } from "../../lib/exports/pipeline";
import type { ExportFormat } from "../../lib/exports/types";
import { PDF_TABLE_ROW_CAP } from "../../lib/pdf/layout";
import type { Redaction } from "../../lib/reports/types";
import { checkDefinition } from "../../lib/reports/check";
import { compileReport } from "../../lib/reports/engine";
import { count, fmt, median, percentile, processTree, rate, timed, treeCpuMs, treePeakMb, type Result } from "./common";
import type { DispatchTickResult } from "./dispatch-tick";
import { duckdbParquetBaseline } from "./parquet-baseline";
import { drain, type Client, type Download, type Server } from "./server";
import { isMissing, literalSql, runShell, shellCommand } from "./shell";

export interface Context {
  config: DatabaseConfig;
  conn: Connection;
  rows: number;
  runs: number;
  workspace: string;
  timeZone: string;
  /** Set when the end-to-end server runs; the export cases then go over HTTP. */
  server?: Server;
  client?: Client;
}

export const EXPORT_DEFINITION = {
  dataset: "usage_events",
  columns: ["occurred_at", "user_id", "device_id", "event_type", "plan", "country", "duration_ms", "revenue"],
  timeRange: { type: "absolute", from: "2025-12-01", to: "2026-04-30" },
  sort: [{ key: "occurred_at", dir: "asc" }],
  limit: 10_000_000,
  // The XLSX export carries it as a native chart (the engine's series on a Chart data sheet).
  chart: { type: "line", x: "occurred_at", y: ["revenue"] },
};

const TSX = join(process.cwd(), "node_modules", ".bin", "tsx");

/** Runs a bench child script with tsx; resolves to the JSON line it prints. */
function child<T>(
  script: string,
  args: string[],
  onPid?: (pid: number) => void,
  nodeArgs: string[] = [],
  onLine?: (line: string) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(TSX, ["--tsconfig", "tsconfig.scripts.json", join("scripts", "bench", script), ...args], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS ?? "", ...nodeArgs].join(" ").trim() },
    });
    if (proc.pid) onPid?.(proc.pid);
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of chunk.toString().split("\n")) if (line) onLine?.(line);
    });
    proc.on("error", reject);
    proc.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0) reject(new Error(`${script} exited with ${code}`));
      else resolve(JSON.parse(line) as T);
    });
  });
}

/** The non-streaming XLSX baseline may take very long at a million rows; it is stopped here. */
const XLSX_BASELINE_LIMIT_MS = Number(process.env.BENCH_XLSX_BASELINE_LIMIT_S ?? 300) * 1000;

/**
 * exceljs's Workbook in a child process with a heap large enough for every row (the
 * default heap limit would end it with "out of memory" before it writes anything). Its
 * RSS is sampled from here, so a run stopped at the time limit still shows its peak.
 */
async function xlsxBaseline(ctx: Context): Promise<{ ms?: number; peakMb: number }> {
  let pid: number | undefined;
  let idleMb = 0;
  let timer: NodeJS.Timeout | undefined;
  const run = child<{ ms: number; rows: number; idleKb: number; peakMb: number }>(
    "xlsx-baseline-child.ts",
    [ctx.config.provider, ctx.config.url, ctx.workspace, JSON.stringify(EXPORT_DEFINITION), ctx.timeZone],
    (p) => (pid = p),
    ["--max-old-space-size=16384"],
    (line) => {
      const m = /^idle (\d+)$/.exec(line);
      if (m) idleMb = Number(m[1]) / 1024;
    },
  );
  const limited = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), XLSX_BASELINE_LIMIT_MS);
  });
  // The node process the tsx launcher starts (with its own children), not the launcher.
  let node: number | undefined;
  const leaf = () => {
    if (!node && pid) node = processTree(pid)[1];
    return node;
  };
  const { value, peakMb } = await treePeakMb(leaf, () => Promise.race([run, limited]));
  clearTimeout(timer);
  if (!value) {
    for (const p of pid ? processTree(pid).reverse() : []) {
      try {
        process.kill(p, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    await run.catch(() => undefined);
  }
  // Its own high-water mark when it finished; what was sampled when it was stopped.
  return value ? { ms: value.ms, peakMb: Math.max(value.peakMb, peakMb - idleMb) } : { peakMb: peakMb - idleMb };
}

async function shellBaseline(runs: number, command: { cmd: string; args: string[] }): Promise<number[] | undefined> {
  try {
    return await timed(runs, () => runShell(command));
  } catch (error) {
    if (isMissing(error)) {
      console.log(`${command.cmd} not installed: baseline skipped`);
      return undefined;
    }
    throw error;
  }
}

async function saveReport(client: Client, name: string, definition: unknown): Promise<string> {
  const res = await client.post("/api/reports", { name, definition });
  if (res.status !== 201) throw new Error(`could not save the report: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { report: { id: string } }).report.id;
}

const PREVIEWS = [
  {
    name: "events per day and event type",
    definition: {
      dataset: "usage_events",
      timeRange: { type: "absolute", from: "2026-01-01", to: "2026-03-31" },
      timeBucket: "day",
      groupBy: ["event_type"],
      measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }],
    },
  },
  {
    name: "revenue by plan and country",
    definition: {
      dataset: "usage_events",
      timeRange: { type: "absolute", from: "2026-01-01", to: "2026-03-31" },
      groupBy: ["plan", "country"],
      measures: [{ fn: "count" }, { fn: "sum", field: "revenue" }, { fn: "avg", field: "duration_ms" }],
    },
  },
  // Distinct counts cannot come from the hourly sums: this one reads every event.
  {
    name: "unique users and devices per day and event type (distinct counts read the events)",
    target: false,
    definition: {
      dataset: "usage_events",
      timeRange: { type: "absolute", from: "2026-01-01", to: "2026-03-31" },
      timeBucket: "day",
      groupBy: ["event_type"],
      measures: [
        { fn: "count" },
        { fn: "count_distinct", field: "user_id" },
        { fn: "count_distinct", field: "device_id" },
      ],
    },
  },
];

/** Report preview: the API route (or the engine, without a server) next to the raw SQL in the shell. */
export async function previewCases(ctx: Context): Promise<Result[]> {
  const { previewReport } = await import("../../lib/reports/engine");
  const results: Result[] = [];
  for (const p of PREVIEWS) {
    const report = checkDefinition(p.definition, { timezone: ctx.timeZone });
    const chartroom = ctx.client
      ? await timed(ctx.runs, async () => {
          const res = await ctx.client!.post("/api/reports/preview", {
            definition: p.definition,
            page: 0,
            pageSize: 50,
          });
          if (!res.ok) throw new Error(`preview: HTTP ${res.status} ${await res.text()}`);
          await res.json();
        })
      : await timed(ctx.runs, () => previewReport(ctx.conn, report, ctx.workspace, 0, 50));
    const { base, orderBy } = compileReport(ctx.conn.provider, report, ctx.workspace);
    const statement = literalSql(ctx.conn.provider, sql`SELECT * FROM (${base}) q ORDER BY ${orderBy}`);
    const baseline = await shellBaseline(ctx.runs, shellCommand(ctx.config, statement, "table"));
    const ms = median(chartroom);
    results.push({
      name: `Report preview, aggregate over ${count(ctx.rows)} events: ${p.name} (${ctx.client ? "API route" : "engine, no HTTP"})`,
      chartroom,
      baseline,
      baselineName: `the same SQL in the ${ctx.config.provider === "sqlite" ? "sqlite3" : "psql"} shell`,
      targets: p.target === false ? [] : [{ text: "preview < 500 ms (issue #3)", met: ms < 500, actual: fmt(ms) }],
    });
  }
  return results;
}

/**
 * One export read to the end: over HTTP from the server, or from the pipeline in this process.
 * `raw` exports the stored values of the sensitive columns (as the database's own shells
 * print them); `masked` pseudonymises them, which is what members get.
 */
async function exportOnce(
  ctx: Context,
  reportId: string | undefined,
  format: ExportFormat,
  encoding = "identity",
  redaction: Redaction = "raw",
): Promise<{ bytes: number; lines: number; tail: string; contentEncoding?: string | null }> {
  if (ctx.client && reportId) {
    return ctx.client.download(`/api/reports/${reportId}/export?format=${format}&redaction=${redaction}`, {
      "accept-encoding": encoding,
    });
  }
  const report = checkDefinition(EXPORT_DEFINITION, { timezone: ctx.timeZone });
  report.redaction = redaction;
  const branding = {
    name: "Bench",
    slug: "bench",
    timezone: ctx.timeZone,
    locale: "en-US",
    brandColor: "#2563eb",
    logoUrl: null,
  };
  const prepared = await prepareExport(
    ctx.conn,
    ctx.workspace,
    branding,
    report,
    { name: "bench", description: "" },
    { format },
  );
  return drain(new Response(prepared.body));
}

function check(
  format: ExportFormat,
  rows: number,
  out: { bytes: number; lines: number; tail: string; contentEncoding?: string | null },
) {
  if (out.contentEncoding) {
    if (out.bytes < 100) throw new Error(`${format} export is empty`);
    return;
  }
  if (format === "csv" && out.lines !== rows + 1)
    throw new Error(`CSV export had ${out.lines} lines, expected ${rows + 1}`);
  if (format === "json" && !out.tail.includes(`"rowCount":${rows}}`))
    throw new Error("JSON export did not end with its row count");
  if ((format === "xlsx" || format === "pdf") && out.bytes < 1000) throw new Error(`${format} export is empty`);
  if (format === "xlsx" && !out.tail.includes("xl/charts/chart1.xml")) throw new Error("XLSX export has no chart");
  if (format === "parquet" && !out.tail.endsWith("PAR1")) throw new Error("Parquet export did not end with its footer");
}

/** Peak RSS growth of whatever runs the export: the server process tree, or this process. */
async function measured<T>(ctx: Context, fn: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
  if (ctx.server) {
    const idle = ctx.server.idleRssMb();
    const { value, peakMb } = await treePeakMb(ctx.server.pid, fn);
    return { value, growthMb: peakMb - idle };
  }
  const idle = process.memoryUsage().rss;
  let peak = idle;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const value = await fn();
    return { value, growthMb: (Math.max(peak, process.memoryUsage().rss) - idle) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export async function exportCases(
  ctx: Context,
  formats: ExportFormat[],
): Promise<{ results: Result[]; reportId?: string }> {
  const reportId = ctx.client ? await saveReport(ctx.client, "Bench export", EXPORT_DEFINITION) : undefined;
  const report = checkDefinition(EXPORT_DEFINITION, { timezone: ctx.timeZone });
  const { base, orderBy } = compileReport(ctx.conn.provider, report, ctx.workspace);
  const statement = literalSql(ctx.conn.provider, sql`${base} ORDER BY ${orderBy}`);
  const shell = ctx.config.provider === "sqlite" ? "sqlite3" : "psql";
  const how = ctx.client ? "over HTTP" : "pipeline, no HTTP";
  const results: Result[] = [];
  // CSV once more as a browser asks for it (Accept-Encoding: gzip), which Next.js would
  // compress unless the answer says no-transform, and once as members get it (masked).
  type Variant = { format: ExportFormat; encoding: string; redaction: Redaction };
  const variants = formats.flatMap((format): Variant[] =>
    format === "csv" && ctx.client
      ? [
          { format, encoding: "identity", redaction: "raw" },
          { format, encoding: "gzip", redaction: "raw" },
          { format, encoding: "identity", redaction: "masked" },
        ]
      : [{ format, encoding: "identity", redaction: "raw" }],
  );
  for (const { format, encoding, redaction } of variants) {
    const gzip = encoding !== "identity";
    const extra = gzip || redaction === "masked";
    // Fewer timed runs where one takes long, to keep the whole bench under 20 minutes.
    const runs = format === "xlsx" || extra ? Math.min(ctx.runs, ctx.rows >= 200_000 ? 2 : ctx.runs) : ctx.runs;
    const times: number[] = [];
    let peakMb = 0;
    let contentEncoding: string | null | undefined;
    check(format, ctx.rows, await exportOnce(ctx, reportId, format, encoding, redaction));
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const { value, growthMb } = await measured(ctx, () => exportOnce(ctx, reportId, format, encoding, redaction));
      times.push(performance.now() - t);
      check(format, ctx.rows, value);
      contentEncoding = value.contentEncoding;
      peakMb = Math.max(peakMb, growthMb);
    }
    const label = !ctx.client
      ? how
      : gzip
        ? `over HTTP, client accepts gzip; ${contentEncoding ? `Next.js sends it ${contentEncoding}` : "sent uncompressed (no-transform)"}`
        : redaction === "masked"
          ? "over HTTP, sensitive columns masked as members get them"
          : "over HTTP, uncompressed";
    // A PDF reads the first PDF_CHART_ROW_CAP rows (its charts) and lists PDF_TABLE_ROW_CAP, not the whole result.
    const pdf = format === "pdf";
    const result: Result = {
      name: pdf
        ? `PDF export of ${count(ctx.rows)} rows (table of the first ${count(Math.min(ctx.rows, PDF_TABLE_ROW_CAP))}; ${label})`
        : `${format === "xlsx" ? "XLSX export with its native chart" : `${format.toUpperCase()} export`}, ${count(ctx.rows)} rows (${label})`,
      chartroom: times,
      peakMb,
      rowsPerRun: pdf ? undefined : ctx.rows,
      targets: pdf
        ? [
            { text: "< 5 s", met: median(times) < 5000, actual: fmt(median(times)) },
            { text: "peak memory growth < 300 MB", met: peakMb < 300, actual: `+${peakMb.toFixed(0)} MB` },
          ]
        : [{ text: "peak memory growth < 150 MB", met: peakMb < 150, actual: `+${peakMb.toFixed(0)} MB` }],
    };
    console.log(`${result.name}: ${fmt(median(times))}, peak +${peakMb.toFixed(0)} MB`);
    if (extra) {
      results.push(result);
      continue;
    }
    if (format === "csv" || format === "json") {
      result.baseline = await shellBaseline(ctx.runs, shellCommand(ctx.config, statement, format));
      result.baselineName =
        ctx.config.provider === "sqlite"
          ? `sqlite3 -${format} of the same query`
          : format === "csv"
            ? "psql \\copy … to stdout csv of the same query"
            : "psql \\copy of row_to_json of the same query";
    }
    if (format === "csv") {
      const r = rate(ctx.rows, median(times));
      result.targets!.push({ text: "≥ 100,000 rows/s", met: r >= 100_000, actual: `${count(Math.round(r))} rows/s` });
      if (result.baseline) {
        const share = r / rate(ctx.rows, median(result.baseline));
        result.targets!.push({
          text: `≥ 0.5× the rate of ${shell}'s own CSV output`,
          met: share >= 0.5,
          actual: `${share.toFixed(2)}×`,
        });
      }
    }
    if (format === "parquet") {
      const base = await duckdbParquetBaseline(ctx.runs, shellCommand(ctx.config, statement, "csv"));
      if (base.rows !== ctx.rows) throw new Error(`DuckDB's baseline wrote ${base.rows} rows, expected ${ctx.rows}`);
      result.baseline = base.times;
      result.baselineName = `DuckDB COPY … TO parquet (snappy) of the same rows as ${shell} wrote them to CSV (no database read)`;
    }
    if (format === "xlsx") {
      const base = await xlsxBaseline(ctx);
      result.baselineName = "exceljs's non-streaming Workbook, same rows, in its own process (one run)";
      result.baselinePeakMb = base.peakMb;
      if (base.ms !== undefined) result.baseline = [base.ms];
      else
        result.note = `exceljs's non-streaming Workbook, same rows: stopped after ${fmt(XLSX_BASELINE_LIMIT_MS)} without finishing; peak RSS +${base.peakMb.toFixed(0)} MB by then`;
      result.targets!.push({
        text: "peak memory ≤ 1/4 of the non-streaming baseline",
        met: peakMb <= base.peakMb / 4,
        actual: `${(peakMb / base.peakMb).toFixed(2)} of it`,
      });
    }
    results.push(result);
  }
  return { results, reportId };
}

/** PDF: react-pdf in a child process next to Chromium printing the same report as HTML. */
export async function pdfCase(ctx: Context): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), "chartroom-bench-pdf-"));
  try {
    const html = join(dir, "report.html");
    const ours = await child<{ times: number[]; peakMb: number; pages: number; charts: number }>("pdf-child.ts", [
      String(ctx.runs),
      html,
    ]);
    const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
    const result: Result = {
      name: `PDF, ${ours.pages} pages, ${ours.charts} charts, 20,000-row table (react-pdf pipeline, sample report)`,
      chartroom: ours.times,
      peakMb: ours.peakMb,
      baselineName:
        "the same report as an HTML page printed by headless Chromium (--print-to-pdf, browser start included)",
    };
    // Issue 22's targets for a 20,000-row PDF; they hold with or without the baseline.
    const ms = median(ours.times);
    const own = [
      { text: "< 5 s", met: ms < 5000, actual: fmt(ms) },
      { text: "< 300 MB growth", met: ours.peakMb < 300, actual: `+${Math.round(ours.peakMb)} MB` },
    ];
    result.targets = own;
    if (!existsSync(chromium)) {
      result.note = "Chromium not installed: baseline skipped";
      return [result];
    }
    let pid: number | undefined;
    const times: number[] = [];
    let peak = 0;
    const printOnce = () =>
      new Promise<void>((resolve, reject) => {
        const proc = spawn(
          chromium,
          [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            `--print-to-pdf=${join(dir, "report.pdf")}`,
            `file://${html}`,
          ],
          { stdio: "ignore" },
        );
        pid = proc.pid;
        proc.on("error", reject);
        proc.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`chromium exited with ${code}`))));
      });
    await printOnce();
    for (let i = 0; i < ctx.runs; i++) {
      const t = performance.now();
      const { peakMb } = await treePeakMb(
        () => pid,
        async () => {
          const done = printOnce();
          return done;
        },
      );
      times.push(performance.now() - t);
      peak = Math.max(peak, peakMb);
    }
    result.baseline = times;
    result.baselinePeakMb = peak;
    result.targets = [
      ...own,
      {
        text: "≥ 3× faster than Chromium",
        met: median(times) / ms >= 3,
        actual: `${(median(times) / ms).toFixed(1)}×`,
      },
      {
        text: "< 1/3 of Chromium's peak memory",
        met: ours.peakMb < peak / 3,
        actual: `${(ours.peakMb / peak).toFixed(2)} of it`,
      },
    ];
    return [result];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * /api/health latency while two exports run at once, next to its latency when idle. The
 * samples are taken by a process of its own (./health-child.ts): this one reads both
 * downloads, and its event loop would otherwise add its own delay to each sample.
 */
export async function concurrencyCase(ctx: Context, reportId: string): Promise<Result[]> {
  const client = ctx.client!;
  const server = ctx.server!;
  const dir = mkdtempSync(join(tmpdir(), "chartroom-bench-health-"));
  type Samples = { ms: number[]; queryMs: number[]; loopP95: number };
  const sample = async (during?: () => Promise<unknown>): Promise<Samples> => {
    const stop = join(dir, `stop-${randomUUID()}`);
    let ready = () => {};
    const started = new Promise<void>((resolve) => (ready = resolve));
    const samples = child<Samples>("health-child.ts", [server.url, stop], undefined, [], (line) => {
      if (line === "ready") ready();
    });
    // Its start (tsx, the first requests) is not part of what is measured.
    await Promise.race([started, samples]);
    if (during) await during();
    else await new Promise((r) => setTimeout(r, 3000));
    writeFileSync(stop, "");
    return samples;
  };
  try {
    const idle = await sample();
    // Who else wants the CPU while the samples are taken: this process (it reads both
    // downloads) and the server's process tree.
    const clientCpu = process.cpuUsage();
    const serverPid = server.pid();
    const serverCpu = serverPid ? treeCpuMs(serverPid) : 0;
    let outs: Download[] = [];
    const t = performance.now();
    const busy = await sample(async () => {
      outs = await Promise.all([
        client.download(`/api/reports/${reportId}/export?format=csv&redaction=raw`, { "accept-encoding": "identity" }),
        client.download(`/api/reports/${reportId}/export?format=csv&redaction=raw`, { "accept-encoding": "identity" }),
      ]);
    });
    const both = performance.now() - t;
    for (const out of outs) check("csv", ctx.rows, out);
    const used = process.cpuUsage(clientCpu);
    const serverUsed = serverPid ? fmt(treeCpuMs(serverPid) - serverCpu) : "?";
    const seen =
      `downloads read by the bench with CPU ${fmt((used.user + used.system) / 1000)}; server CPU ${serverUsed}; ` +
      `sampler's event-loop delay p95 ${fmt(busy.loopP95)}; health's database query p95 ${fmt(percentile(busy.queryMs, 0.95))}`;
    const p95 = percentile(busy.ms, 0.95);
    return [
      {
        name: `/api/health while two ${count(ctx.rows)}-row CSV exports run at once (over HTTP; both took ${fmt(both)}; ${seen})`,
        chartroom: busy.ms,
        p95: { chartroom: p95, baseline: percentile(idle.ms, 0.95), samples: busy.ms.length },
        baselineName: "/api/health idle",
        targets: [{ text: "p95 < 100 ms", met: p95 < 100, actual: fmt(p95) }],
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One cron-route call over `schedules` due schedules of a small report (CSV attachments
 * through the real Resend SDK to a local stand-in). Absolute, with e-mails per second;
 * target: 1,000 schedules within 60 seconds and no recipient e-mailed twice.
 */
export async function dispatchCase(ctx: Context, schedules: number, webhook = false): Promise<Result[]> {
  // Its own process, pointed at the benchmark's database (the app's modules read DATABASE_URL once).
  const url = ctx.config.provider === "sqlite" ? `file:${ctx.config.url}` : ctx.config.url;
  const files = mkdtempSync(join(tmpdir(), "chartroom-bench-dispatch-"));
  const r = await new Promise<DispatchTickResult>((resolve, reject) => {
    const proc = spawn(
      TSX,
      [
        "--tsconfig",
        "tsconfig.scripts.json",
        join("scripts", "bench", "dispatch-tick.ts"),
        String(schedules),
        ...(webhook ? ["webhook"] : []),
      ],
      {
        env: {
          ...process.env,
          DATABASE_URL: url,
          CHARTROOM_EXPORT_DIR: join(files, "exports"),
          // Each run's exports count against the workspace's per-minute export limit, which
          // would defer all but 120 of the 1,000 runs; the case measures dispatch, not the limit.
          CHARTROOM_RATE_EXPORTS_PER_WORKSPACE: "1000000",
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    proc.on("error", reject);
    proc.on("close", (code) =>
      code === 0
        ? resolve(JSON.parse(out.slice(out.indexOf("{"))) as DispatchTickResult)
        : reject(new Error(`dispatch-tick exited with ${code}`)),
    );
  }).finally(() => rmSync(files, { recursive: true, force: true }));
  if (webhook) {
    // Asserted, not only reported: a duplicate or a missing delivery fails the bench.
    if (r.duplicates !== 0 || r.emails !== schedules || r.webhooks !== schedules)
      throw new Error(
        `dispatch with webhooks: ${r.duplicates} duplicates, ${r.emails} e-mails and ${r.webhooks} webhooks for ${schedules} schedules`,
      );
    return [
      {
        name: `Dispatch tick, ${count(schedules)} due schedules to e-mail and a signed webhook each (cron route; ${r.emails} e-mails + ${r.webhooks} webhooks, CPU ${r.cpuSeconds.toFixed(1)} s, peak RSS ${r.peakRssMb} MB)`,
        chartroom: [r.seconds * 1000],
        note: "— (absolute)",
        targets: [
          { text: `${count(schedules)} schedules < 60 s`, met: r.seconds < 60 },
          { text: "no duplicate delivery", met: true },
        ],
      },
    ];
  }
  return [
    {
      name: `Dispatch tick, ${count(schedules)} due schedules (cron route; ${r.emails} e-mails, ${r.emailsPerSecond.toFixed(1)}/s, CPU ${r.cpuSeconds.toFixed(1)} s, peak RSS ${r.peakRssMb} MB)`,
      chartroom: [r.seconds * 1000],
      note: "— (absolute)",
      targets: [
        { text: `${count(schedules)} schedules < 60 s`, met: r.seconds < 60 },
        { text: "no duplicate e-mail", met: r.duplicates === 0 && r.emails === schedules },
      ],
    },
  ];
}
