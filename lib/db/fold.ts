import type { Provider } from "./config";
import { sql, type Sql } from "./sql";

/**
 * Case-insensitive matching that means the same on both databases: only the letters A–Z
 * fold. SQLite's LOWER() (without ICU) folds ASCII only, while PostgreSQL's follows the
 * database's locale ("É" → "é" under a UTF-8 locale, nothing under "C"), so PostgreSQL
 * folds with TRANSLATE instead. Other letters match only in the same case, everywhere.
 */
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";

export function foldCaseSql(provider: Provider, expression: Sql): Sql {
  return provider === "postgres" ? sql`TRANSLATE(${expression}, ${UPPER}, ${LOWER})` : sql`LOWER(${expression})`;
}

/** The value side of foldCaseSql. */
export function foldCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** A LIKE pattern (with ESCAPE '\') matching values that contain `text`, folded. */
export function containsPattern(text: string): string {
  return `%${foldCase(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
