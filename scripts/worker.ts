// `npm run worker`: the export worker as its own process, for deployments that keep
// exports off the web servers (set CHARTROOM_WORKER=off on those).
import { connection } from "../lib/db/connection";
import { migrate } from "../lib/db/migrate";
import { INSTANCE_ID } from "../lib/background/machine";
import { startWorker } from "../lib/exports/worker";

await migrate(connection());
const stop = startWorker({ concurrency: Number(process.env.CHARTROOM_WORKER_CONCURRENCY ?? 2) });
console.log(`[exports] worker ${INSTANCE_ID} polling for exports`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stop();
    process.exit(0);
  });
}
