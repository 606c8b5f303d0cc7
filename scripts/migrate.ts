// Applies pending migrations to DATABASE_URL (or the embedded SQLite file).
import { connection } from "../lib/db/connection";
import { migrate } from "../lib/db/migrate";

const conn = connection();
const result = await migrate(conn);
console.log(result.applied.length ? `applied: ${result.applied.join(", ")}` : "database is up to date");
await conn.close();
