import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sql, type Sql } from "./sql";
import type { Connection } from "./connection";

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

export function migrationsDir(
  provider: Connection["provider"],
  root = /*turbopackIgnore: true*/ process.cwd(),
): string {
  return join(root, "prisma", "migrations", provider);
}

// Any constant: it names the lock, so that concurrent starts migrate one at a time.
const PG_LOCK_KEY = 727_274_001;

/**
 * Applies the committed migrations of the connection's provider that have not run yet,
 * in name order, in one transaction. Safe to call on every start and from
 * several processes at once.
 */
export async function migrate(conn: Connection, dir = migrationsDir(conn.provider)): Promise<MigrationResult> {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) throw new Error(`No migrations for ${conn.provider} in ${dir}`);
  const names = readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(/*turbopackIgnore: true*/ join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort();

  // SQLite cannot switch foreign keys inside a transaction, and with them on, a table
  // redefinition (DROP TABLE) would cascade-delete every child row. Checked before commit.
  if (conn.provider === "sqlite") await conn.exec("PRAGMA foreign_keys = OFF");
  try {
    return await applyPending(conn, dir, names);
  } finally {
    if (conn.provider === "sqlite") await conn.exec("PRAGMA foreign_keys = ON");
  }
}

async function applyPending(conn: Connection, dir: string, names: string[]): Promise<MigrationResult> {
  return conn.transaction(async (tx) => {
    if (tx.provider === "postgres") await tx.query(sql`SELECT pg_advisory_xact_lock(${PG_LOCK_KEY})`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS _chartroom_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
    const done = new Set(
      (await tx.query<{ name: string }>(sql`SELECT name FROM _chartroom_migrations`)).map((r) => r.name),
    );
    const applied: string[] = [];
    for (const name of names) {
      if (done.has(name)) continue;
      await tx.exec(readFileSync(/*turbopackIgnore: true*/ join(dir, name, "migration.sql"), "utf8"));
      await tx.execute(record(name));
      applied.push(name);
    }
    if (tx.provider === "sqlite" && applied.length > 0) {
      const broken = await tx.query(sql`PRAGMA foreign_key_check`);
      if (broken.length > 0) throw new Error(`Migration left ${broken.length} rows with broken foreign keys`);
    }
    return { applied, skipped: names.length - applied.length };
  });
}

function record(name: string): Sql {
  return sql`INSERT INTO _chartroom_migrations (name, applied_at) VALUES (${name}, ${new Date().toISOString()})`;
}
