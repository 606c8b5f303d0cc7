// The Prisma CLI downloads native engines unless these point at an existing file.
// We only use its JavaScript paths (generate, migrate diff), so a placeholder is enough.
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

export function prismaEnv(root) {
  const dir = join(root, "node_modules", ".cache", "chartroom");
  const placeholder = join(dir, "no-engine");
  if (!existsSync(placeholder)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(placeholder, "");
  }
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
}

export function postgresSchema(sqliteSchema) {
  return (
    sqliteSchema
      .replace('output     = "../lib/generated/sqlite"', 'output     = "../../lib/generated/postgres"')
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace('url      = "file:./dev.db"', 'url      = "postgresql://localhost/chartroom"')
      .replace(
        "// The one data model. SQLite is the embedded default; scripts/prisma-generate.mjs\n// derives prisma/postgres/schema.prisma from this file for PostgreSQL.",
        "// Generated from prisma/schema.prisma by scripts/prisma-generate.mjs. Do not edit.",
      )
      // Instants, never wall-clock times: pg serialises Dates with their offset.
      .replace(/^(\s+\w+\s+DateTime\??)(.*)$/gm, "$1$2 @db.Timestamptz(3)")
  );
}
