// `npm test`: the whole suite. Type check, lint, format check, dead code (knip), Vitest on
// SQLite with coverage, Vitest on PostgreSQL, a benchmark smoke run, then Playwright against a
// production build in Debian's Chromium.
// PostgreSQL is taken from TEST_POSTGRES_URL (default: the local server); in CI, or
// with CHARTROOM_REQUIRE_POSTGRES=1, an unreachable server fails the run instead of
// skipping that half.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

const root = process.cwd();
const bin = (name) => join(root, "node_modules", ".bin", name);
const reports = join(root, ".data", "test-reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: "inherit" });
  if (result.status !== 0) failures.push(label);
  return result.status === 0;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, "utf8")).stats;
  totals.passed += s.expected + s.flaky;
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
}

async function postgresReachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

run("type check", bin("tsc"), ["--noEmit"]);
run("lint", "npm", ["run", "--silent", "lint"]);
run("format check", "npm", ["run", "--silent", "format:check"]);
run("unused files, exports and dependencies (knip)", "npm", ["run", "--silent", "knip"]);

// Coverage is measured on the SQLite run only: both runs execute the same code, and
// measuring costs time. The floor is in vitest.config.ts; the target is in the README.
const coverageDir = join(reports, "coverage");

function reportLibCoverage() {
  const file = join(coverageDir, "coverage-summary.json");
  if (!existsSync(file)) return;
  const summary = JSON.parse(readFileSync(file, "utf8"));
  const lib = `${join(root, "lib")}/`;
  let covered = 0;
  let total = 0;
  for (const [path, entry] of Object.entries(summary)) {
    if (!path.startsWith(lib)) continue;
    covered += entry.lines.covered;
    total += entry.lines.total;
  }
  if (total > 0) console.log(`lib/ line coverage: ${((covered / total) * 100).toFixed(1)}% (target 80%)`);
}

for (const provider of ["sqlite", "postgres"]) {
  if (provider === "postgres") {
    const url = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
    if (!(await postgresReachable(url))) {
      const required = process.env.CI === "true" || process.env.CHARTROOM_REQUIRE_POSTGRES === "1";
      console.log(`\nPostgreSQL is not reachable at ${url}${required ? "" : ": skipping the PostgreSQL run"}.`);
      if (required) failures.push("PostgreSQL unreachable");
      continue;
    }
  }
  const out = join(reports, `vitest-${provider}.json`);
  const coverage = provider === "sqlite" ? ["--coverage", `--coverage.reportsDirectory=${coverageDir}`] : [];
  run(
    `unit and integration tests (${provider}${coverage.length ? ", with coverage" : ""})`,
    bin("vitest"),
    ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...coverage],
    { CHARTROOM_TEST_DB: provider },
  );
  countVitest(out);
  if (coverage.length) reportLibCoverage();
}

// The benchmark script on a small data set, so it cannot rot; real figures come from `npm run bench`.
run("benchmark smoke run", bin("tsx"), [
  "--tsconfig",
  "tsconfig.scripts.json",
  "scripts/bench.ts",
  "--rows",
  "10000",
  "--runs",
  "1",
  "--out",
  join(reports, "benchmarks-smoke.md"),
]);

if (run("production build", bin("next"), ["build"])) {
  const out = join(reports, "playwright.json");
  run("end-to-end tests (Chromium)", bin("playwright"), ["test", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
  });
  countPlaywright(out);
}

console.log(`\n${failures.length ? `failed steps: ${failures.join(", ")}` : "all steps passed"}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length ? 1 : 0);
