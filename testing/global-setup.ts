import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openConnection } from "../lib/db/connection";
import { databaseConfig } from "../lib/db/config";
import { migrate } from "../lib/db/migrate";
import { createScratchDatabase, TEST_POSTGRES_URL } from "./scratch-database";
import { TEST_NOW, TEST_EVENTS } from "./fixtures";

declare module "vitest" {
  export interface ProvidedContext {
    provider: "sqlite" | "postgres";
    seed: { workspaces: { id: string; slug: string; events: number }[]; from: number; to: number };
  }
}

/**
 * One fresh database per run, migrated and filled through the demo seed with a fixed
 * clock. CHARTROOM_TEST_DB=postgres runs the same suite on PostgreSQL.
 */
export default async function setup(project: TestProject) {
  const provider = process.env.CHARTROOM_TEST_DB === "postgres" ? "postgres" : "sqlite";
  let cleanup: () => Promise<void>;
  if (provider === "postgres") {
    const scratch = await createScratchDatabase(TEST_POSTGRES_URL(), "chartroom_test");
    process.env.DATABASE_URL = scratch.url;
    cleanup = scratch.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), "chartroom-test-"));
    process.env.DATABASE_URL = `file:${join(dir, "test.db")}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  process.env.NEXTAUTH_SECRET = "test-secret-not-for-production";
  // Structured log lines would bury the test report.
  process.env.CHARTROOM_LOG ??= "off";
  const exportsDir = mkdtempSync(join(tmpdir(), "chartroom-test-exports-"));
  process.env.CHARTROOM_EXPORT_DIR = exportsDir;
  const removeDb = cleanup;
  cleanup = async () => {
    await removeDb();
    rmSync(exportsDir, { recursive: true, force: true });
  };

  const conn = openConnection(databaseConfig());
  await migrate(conn);
  await conn.close();
  // The Prisma client reads DATABASE_URL when first imported, so import it now.
  const { db } = await import("../lib/db");
  const { seedDemo } = await import("../lib/demo/seed");
  const seedConn = openConnection(databaseConfig());
  const seed = await seedDemo(db, seedConn, { events: TEST_EVENTS, now: TEST_NOW });
  await seedConn.close();
  await db.$disconnect();

  project.provide("provider", provider);
  project.provide("seed", seed);
  return cleanup;
}
