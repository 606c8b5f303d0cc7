// Used only by scripts/prisma-diff.mjs: JavaScript engines, so the CLI needs no download.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url: ":memory:" }),
});
