import { defineConfig } from "@playwright/test";
import { E2E_SERVER_LIMITS } from "./e2e/helpers/server-env";

const port = Number(process.env.E2E_PORT ?? 3100);
// Evaluated by the runner and by every worker: tests read the server's database here.
process.env.E2E_DATA_DIR ??= `.data/e2e-${port}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser on these machines.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    env: {
      PORT: String(port),
      E2E_DATA_DIR: process.env.E2E_DATA_DIR,
      CRON_SECRET: process.env.E2E_CRON_SECRET ?? "e2e-cron-secret",
      ...E2E_SERVER_LIMITS,
      // Enough rows that a full XLSX export runs for seconds, so the export dialog's test
      // can watch its progress and cancel it before it finishes.
      // The embedded SQLite default is demo mode without being told: the specs rely on that
      // default (the demo accounts), which is what a fresh `npm start` shows.
      CHARTROOM_DEMO_EVENTS: "400000",
    },
  },
});
