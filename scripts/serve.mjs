// Serves a built app: Next.js's request handler behind Chartroom's HTTP front
// (lib/net/http-server.mjs), which decides the client's address and scheme. Usage:
// `node scripts/serve.mjs [-p port] [-H host]` (defaults: $PORT or 3000, $HOST or 0.0.0.0).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseTrustedProxies } from "../lib/net/forwarded.mjs";
import { createChartroomServer } from "../lib/net/http-server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const arg = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const port = Number(arg("-p") ?? process.env.PORT ?? 3000);
const host = arg("-H") ?? process.env.HOST ?? "0.0.0.0";

process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
let trustedProxies;
try {
  trustedProxies = parseTrustedProxies(process.env.CHARTROOM_TRUSTED_PROXIES);
} catch (error) {
  console.error(`[chartroom] ${error.message}`);
  process.exit(1);
}

const { default: next } = await import("next");
const app = next({ dev: false, dir: root, hostname: host, port });
await app.prepare();
const server = createChartroomServer(app.getRequestHandler(), { trustedProxies });
// Port 0 picks a free port; the line says which.
server.listen(port, host, () => console.log(`[chartroom] listening on http://${host}:${server.address().port}`));

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  // Finish requests in flight, then let Next.js close; a stuck one does not block exit.
  setTimeout(() => process.exit(0), 10_000).unref();
  server.close();
  server.closeIdleConnections();
  await app.close().catch(() => {});
  console.log(`[chartroom] stopped (${signal})`);
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stop(signal));
