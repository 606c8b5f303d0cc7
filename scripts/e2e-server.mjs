// The server Playwright tests run against: a production build on a fresh SQLite file,
// filled by the same demo seed a new user gets.
import { rmSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.E2E_DATA_DIR ?? ".data/e2e";
rmSync(dir, { recursive: true, force: true });
process.env.DATABASE_URL = `file:${join(process.cwd(), dir, "chartroom.db")}`;
process.env.NEXTAUTH_SECRET ??= "e2e-secret-not-for-production";
process.env.NEXTAUTH_URL ??= `http://127.0.0.1:${process.env.PORT ?? 3100}`;
await import("./start.mjs");
