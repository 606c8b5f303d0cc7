import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@/": root,
      // Tests run server modules directly in Node.
      "server-only": `${root}testing/server-only.ts`,
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.{ts,tsx}"],
    globalSetup: ["testing/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Measured only when asked (`--coverage`): `npm test` does so on the SQLite run.
    coverage: {
      provider: "v8",
      include: ["lib/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
      exclude: ["**/*.test.{ts,tsx}", "lib/generated/**"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: ".data/coverage",
      // The figures are worth seeing even when a test failed.
      reportOnFailure: true,
      // Floors a few points under what the suite measured when they were set (whole tree: 64% of
      // lines, with React components left to Playwright; lib/: 88% lines, 86% statements, 80%
      // branches, 88% functions). Raise them as coverage grows; the target is in the README.
      thresholds: {
        lines: 60,
        "lib/**": { lines: 85, statements: 83, branches: 76, functions: 84 },
      },
    },
  },
});
