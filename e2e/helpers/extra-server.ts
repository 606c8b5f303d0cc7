import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { E2E_SERVER_LIMITS } from "./server-env";

export interface ExtraServer {
  url: string;
  stop: () => Promise<void>;
}

/**
 * A second `scripts/serve.mjs` on the e2e server's database, on a port the system picks,
 * with its own environment (e.g. trusted proxies). No worker or scheduler: the main
 * server runs those.
 */
export async function startExtraServer(env: Record<string, string>): Promise<ExtraServer> {
  const dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e";
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...E2E_SERVER_LIMITS,
    DATABASE_URL: `file:${join(process.cwd(), dataDir, "chartroom.db")}`,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-secret-not-for-production",
    CHARTROOM_WORKER: "off",
    CHARTROOM_SCHEDULER: "off",
    ...env,
  };
  // The port is not known yet; next-auth then works from the request's own address.
  if (!env.NEXTAUTH_URL) delete childEnv.NEXTAUTH_URL;
  const child: ChildProcess = spawn(process.execPath, [join("scripts", "serve.mjs"), "-p", "0", "-H", "127.0.0.1"], {
    env: childEnv,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`serve.mjs exited (${code}) before listening:\n${out}`)));
  });
  child.stdout!.resume();
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
