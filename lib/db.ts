import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { databaseConfig } from "./db/config";

// Both generated clients come from one schema, so their model APIs are the same;
// the SQLite client's type stands for both.
export type PrismaClient = SqliteClient;

/** A Prisma client for a database; the app's own is `db` below (tests open others on scratch databases). */
export function createClient(config = databaseConfig()): PrismaClient {
  if (config.provider === "postgres") {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: config.url }) }) as unknown as PrismaClient;
  }
  return new SqliteClient({
    adapter: new PrismaBetterSQLite3(
      { url: `file:${config.url}`, timeout: 10_000 },
      { timestampFormat: "unixepoch-ms" },
    ),
  });
}

const globalForPrisma = globalThis as unknown as { chartroomPrisma?: PrismaClient };

export const db: PrismaClient = globalForPrisma.chartroomPrisma ?? createClient();
globalForPrisma.chartroomPrisma = db;
