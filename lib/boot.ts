import "server-only";
import { config } from "./config";
import { db } from "./db";
import { logEvent } from "./log";
import { connection } from "./db/connection";
import { migrate } from "./db/migrate";
import { DEMO_EMAIL, DEMO_PASSWORD, seedIfEmpty } from "./demo/seed";
import { accountsWithDemoPassword, demoPasswordRefusal } from "./instance/demo-guard";
import { demoMode, mailWarning } from "./modes";
import { needsSetup } from "./accounts/setup";
import { ensureTemplatesEverywhere } from "./reports/service";
import { formatInteger } from "./format/numbers";

/** A start that must not go on (for example the demo password outside demo mode); the message says how to fix it. */
export class StartRefused extends Error {}

/**
 * Brings the database up to date and, in demo mode, fills an empty one with demo data. Runs
 * once per server start (instrumentation.ts); idempotent, so restarts keep every row.
 */
export async function boot(log: (line: string) => void = (message) => logEvent("boot", { message })): Promise<void> {
  const settings = config();
  const conn = connection();
  const result = await migrate(conn);
  if (result.applied.length > 0) log(`[chartroom] applied migrations: ${result.applied.join(", ")}`);
  const demo = demoMode();
  if (demo) await seedDemoIfEmpty(conn, settings.demoEvents, log);
  else {
    const refusal = demoPasswordRefusal(await accountsWithDemoPassword(db));
    if (refusal) throw new StartRefused(refusal);
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
  const warning = mailWarning();
  if (warning) log(`[chartroom] ${warning}`);
  if (demo) {
    const demoUser = await db.user.findUnique({ where: { email: DEMO_EMAIL } });
    if (demoUser) log(`[chartroom] demo sign-in: ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
  } else if (await needsSetup()) {
    log("[chartroom] no accounts yet: open /setup to create the first (the instance admin)");
  }
}

async function seedDemoIfEmpty(
  conn: ReturnType<typeof connection>,
  events: number | undefined,
  log: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  try {
    const seeded = await seedIfEmpty(db, conn, { events });
    if (seeded) {
      const n = seeded.workspaces.reduce((s, w) => s + w.events, 0);
      log(
        `[chartroom] empty database: generated demo data (${formatInteger(n)} usage events) in ${Date.now() - started} ms`,
      );
    }
  } catch (error) {
    // Another instance seeding at the same moment wins on the unique slugs; its data stands.
    log(`[chartroom] demo seed skipped: ${(error as Error).message.split("\n")[0]}`);
  }
}
