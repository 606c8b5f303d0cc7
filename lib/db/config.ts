import { isAbsolute, join } from "node:path";

export type Provider = "sqlite" | "postgres";

export interface DatabaseConfig {
  provider: Provider;
  /** PostgreSQL connection string, or the absolute path of the SQLite file. */
  url: string;
}

export const DEFAULT_SQLITE_FILE = join(".data", "chartroom.db");

/** Reads DATABASE_URL: a postgres:// URL selects PostgreSQL, anything else (or nothing) SQLite. */
export function databaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const raw = env.DATABASE_URL?.trim();
  if (raw && /^postgres(ql)?:\/\//i.test(raw)) return { provider: "postgres", url: raw };
  let file = raw ? raw.replace(/^file:/i, "") : DEFAULT_SQLITE_FILE;
  if (!file) file = DEFAULT_SQLITE_FILE;
  if (file !== ":memory:" && !isAbsolute(file)) file = join(/*turbopackIgnore: true*/ process.cwd(), file);
  return { provider: "sqlite", url: file };
}
