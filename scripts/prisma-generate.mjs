// Generates both Prisma clients (SQLite and PostgreSQL) from prisma/schema.prisma.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { prismaEnv, postgresSchema } from "./prisma-env.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sqlite = join(root, "prisma", "schema.prisma");
const postgres = join(root, "prisma", "postgres", "schema.prisma");

mkdirSync(dirname(postgres), { recursive: true });
writeFileSync(postgres, postgresSchema(readFileSync(sqlite, "utf8")));

const bin = join(root, "node_modules", ".bin", "prisma");
for (const schema of [sqlite, postgres]) {
  execFileSync(bin, ["generate", "--schema", schema], { cwd: root, env: prismaEnv(root), stdio: "inherit" });
}
