// Demo data on demand: `npm run db:seed -- --events 2000000 [--reset]`.
// --reset deletes every row first; without it an existing database is left alone.
import { parseArgs } from "node:util";
import { db } from "../lib/db";
import { connection } from "../lib/db/connection";
import { migrate } from "../lib/db/migrate";
import { seedDemo, seedIfEmpty } from "../lib/demo/seed";

const { values } = parseArgs({
  options: { events: { type: "string" }, reset: { type: "boolean", default: false } },
});
const events = values.events ? Number(values.events.replace(/_/g, "")) : undefined;
if (events !== undefined && (!Number.isInteger(events) || events < 0)) {
  console.error("--events must be a whole number");
  process.exit(2);
}

const conn = connection();
await migrate(conn);
const started = Date.now();
if (values.reset) {
  await db.workspace.deleteMany();
  await db.user.deleteMany();
  await db.appSetting.deleteMany();
}
const summary = values.reset ? await seedDemo(db, conn, { events }) : await seedIfEmpty(db, conn, { events });
if (!summary) {
  console.log("Database already has data; nothing generated (use --reset to replace it).");
} else {
  for (const w of summary.workspaces) console.log(`${w.slug}: ${w.events.toLocaleString("en-US")} usage events`);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
await db.$disconnect();
await conn.close();
