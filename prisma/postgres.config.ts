// Used only by scripts/prisma-diff.mjs: JavaScript engines, so the CLI needs no download.
// The diff is computed from schema files; the adapter only needs a reachable server.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    new PrismaPg({
      connectionString: process.env.PRISMA_DIFF_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    }),
});
