import "server-only";
import { config } from "./config";
import { db } from "./db";
import { logEvent } from "./log";
import { connection } from "./db/connection";
import { migrate } from "./db/migrate";
import { DEMO_EMAIL, DEMO_PASSWORD, seedIfEmpty } from "./demo/seed";
import { ensureTemplatesEverywhere } from "./reports/service";

/**
 * Brings the database up to date and fills an empty one with demo data. Runs once per
 * server start (instrumentation.ts); idempotent, so restarts keep every row.
 */
export async function boot(log: (line: string) => void = (message) => logEvent("boot", { message })): Promise<void> {
  const conn = connection();
  const result = await migrate(conn);
  if (result.applied.length > 0) log(`[chartroom] applied migrations: ${result.applied.join(", ")}`);
  const settings = config();
  const events = settings.demoEvents;
  const started = Date.now();
  try {
    const seeded = await seedIfEmpty(db, conn, { events });
    if (seeded) {
      const n = seeded.workspaces.reduce((s, w) => s + w.events, 0);
      log(`[chartroom] empty database: generated demo data (${n.toLocaleString("en-US")} usage events) in ${Date.now() - started} ms`);
    }
  } catch (error) {
    // Another instance seeding at the same moment wins on the unique slugs; its data stands.
    log(`[chartroom] demo seed skipped: ${(error as Error).message.split("\n")[0]}`);
  }
  try {
    const created = await ensureTemplatesEverywhere();
    if (created > 0) log(`[chartroom] added ${created} built-in report templates`);
  } catch (error) {
    log(`[chartroom] report templates skipped: ${(error as Error).message.split("\n")[0]}`);
  }
  if (settings.worker.inProcess) {
    const { startWorker } = await import("./exports/worker");
    startWorker({ concurrency: settings.worker.concurrency });
    log("[chartroom] export worker running in this process");
  }
  if (settings.scheduler.inProcess) {
    const { startScheduler } = await import("./schedules/dispatch");
    startScheduler();
    log("[chartroom] scheduler running in this process (checks for due schedules every minute)");
  }
  const demoUser = await db.user.findUnique({ where: { email: DEMO_EMAIL } });
  if (demoUser) log(`[chartroom] demo sign-in: ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
}
