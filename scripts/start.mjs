// `npm start`: builds once if needed, then serves the app. On first start the server
// migrates and fills an empty database with demo data (instrumentation.ts), so a fresh
// clone needs no env file, key or external service.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.PORT ?? "3000";
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
};
const next = join(root, "node_modules", ".bin", "next");

if (!existsSync(join(root, ".next", "BUILD_ID")) || process.env.CHARTROOM_REBUILD === "1") {
  console.log("[chartroom] building the app (first start only)…");
  const build = spawnSync(next, ["build"], { cwd: root, env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Our own HTTP front around Next.js (scripts/serve.mjs) instead of `next start`.
const server = spawn(
  process.execPath,
  [join(root, "scripts", "serve.mjs"), "-p", port, "-H", process.env.HOST ?? "0.0.0.0"],
  {
    cwd: root,
    env,
    stdio: "inherit",
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
