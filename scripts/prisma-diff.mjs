// Writes a new migration for both providers: the SQL difference between the schema
// at the last migration (prisma/migrations/schema.snapshot.prisma) and the current one.
// Usage: npm run db:diff -- <name>
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { prismaEnv, postgresSchema } from "./prisma-env.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:diff -- <migration_name>");
  process.exit(2);
}
const current = readFileSync(join(root, "prisma", "schema.prisma"), "utf8");
const snapshotPath = join(root, "prisma", "migrations", "schema.snapshot.prisma");
const previous = existsSync(snapshotPath) ? readFileSync(snapshotPath, "utf8") : null;
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const tmp = mkdtempSync(join(tmpdir(), "chartroom-diff-"));

let wrote = false;
for (const [provider, toSchema] of [
  ["sqlite", (s) => s],
  ["postgres", postgresSchema],
]) {
  const to = join(tmp, `${provider}-to.prisma`);
  writeFileSync(to, toSchema(current));
  let fromArgs = ["--from-empty"];
  if (previous) {
    const from = join(tmp, `${provider}-from.prisma`);
    writeFileSync(from, toSchema(previous));
    fromArgs = ["--from-schema-datamodel", from];
  }
  const config = join(root, "prisma", `${provider}.config.ts`);
  const args = ["--config", config, "migrate", "diff", ...fromArgs, "--to-schema-datamodel", to, "--script"];
  const sql = execFileSync(join(root, "node_modules", ".bin", "prisma"), args, {
    cwd: root,
    env: prismaEnv(root),
    encoding: "utf8",
  });
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.log(`${provider}: no changes`);
    continue;
  }
  const dir = join(root, "prisma", "migrations", provider, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  console.log(`${provider}: wrote ${dir}`);
  wrote = true;
}
rmSync(tmp, { recursive: true, force: true });
if (wrote) writeFileSync(snapshotPath, current);
