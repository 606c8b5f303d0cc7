import "server-only";
import { connection } from "./db/connection";
import { sql } from "./db/sql";

export async function health(): Promise<{ status: "ok" | "degraded"; database: string }> {
  const conn = connection();
  try {
    await conn.query(sql`SELECT 1 AS ok`);
    return { status: "ok", database: conn.provider };
  } catch {
    return { status: "degraded", database: conn.provider };
  }
}
