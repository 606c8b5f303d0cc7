// One scheduler tick, as the cron route and the in-process scheduler run it:
// claims due schedule occurrences and retries, sends them, and prints the outcome.
import { connection } from "../lib/db/connection";
import { migrate } from "../lib/db/migrate";
import { dispatchDue } from "../lib/schedules/dispatch";

await migrate(connection());
const summary = await dispatchDue();
console.log(JSON.stringify(summary, null, 2));
process.exit(0);
