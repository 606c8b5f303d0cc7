// A real server (`scripts/serve.mjs`, as `npm start` runs it) for the end-to-end cases, on its own fresh database, and an
// HTTP client signed in as the demo user through next-auth's credentials endpoint.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { treeRssMb } from "./common";

const ROOT = process.cwd();
const NEXT = join(ROOT, "node_modules", ".bin", "next");
export const DEMO_EMAIL = "demo@chartroom.dev";
export const DEMO_PASSWORD = "chartroom-demo";

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "generated") continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Whether `.next` holds a build of the current sources. Smoke runs accept a stale build
 * (the figures are not kept); full runs rebuild rather than measure old code.
 */
export function ensureBuild(mode: "always" | "never" | "auto", smoke: boolean): { ok: boolean; why?: string } {
  const buildId = join(ROOT, ".next", "BUILD_ID");
  const exists = existsSync(buildId);
  const stale =
    exists && ["app", "lib", "components"].some((d) => newestSource(join(ROOT, d)) > statSync(buildId).mtimeMs);
  if (mode === "never" || (mode === "auto" && smoke)) {
    return exists
      ? { ok: true, why: stale ? "stale build" : undefined }
      : { ok: false, why: "no production build (run `npm run build` or pass --build)" };
  }
  if (mode === "auto" && exists && !stale) return { ok: true };
  console.log("building the app (npm run build)…");
  const t = performance.now();
  const build = spawnSync(NEXT, ["build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) return { ok: false, why: "npm run build failed" };
  console.log(`built in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return { ok: true };
}

export interface Server {
  url: string;
  pid: () => number | undefined;
  idleRssMb: () => number;
  stop: () => Promise<void>;
}

/**
 * The app on the given database, without the export worker; resolves once it answers.
 * `nodeArgs` (e.g. --cpu-prof) go to the node process that runs it.
 */
export async function startServer(databaseUrl: string, port: number, nodeArgs: string[] = []): Promise<Server> {
  const url = `http://127.0.0.1:${port}`;
  const serve = join(ROOT, "scripts", "serve.mjs");
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, serve, "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: "bench-secret-not-for-production",
      NEXTAUTH_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      CHARTROOM_WORKER: "off",
      // The bench signs in as the demo user, also on PostgreSQL where demo mode is off by default.
      CHARTROOM_DEMO: "on",
      CHARTROOM_DEMO_EVENTS: "2000",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error("the server exited before it answered");
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error("the server did not answer within 2 minutes");
    await new Promise((r) => setTimeout(r, 250));
  }
  const pid = () => (exited ? undefined : child.pid);
  return {
    url,
    pid,
    idleRssMb: () => treeRssMb(child.pid!),
    stop: async () => {
      if (exited) return;
      const done = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** A fetch that keeps next-auth's cookies and names the workspace on every request. */
export interface Client {
  get(path: string, extraHeaders?: Record<string, string>): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
  /**
   * A download read to its end with node:http, as a download client does (no decoding
   * unless asked for with Accept-Encoding): fetch's web streams cost the client more
   * CPU than the server spends writing, and the client would become what is measured.
   */
  download(path: string, extraHeaders?: Record<string, string>): Promise<Download>;
}

export interface Download {
  status: number;
  contentEncoding: string | null;
  /** Bytes received (compressed, when the server compressed). */
  bytes: number;
  /** Line breaks received; meaningful only without compression. */
  lines: number;
  /** The last TAIL_BYTES bytes: a zip's central directory, which names its parts. */
  tail: string;
}

const TAIL_BYTES = 4096;

function download(url: string, headers: Record<string, string>): Promise<Download> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      let bytes = 0;
      let lines = 0;
      let tail = "";
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
        tail = (tail + chunk.subarray(Math.max(0, chunk.length - TAIL_BYTES)).toString("latin1")).slice(-TAIL_BYTES);
      });
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        if (status !== 200) reject(new Error(`HTTP ${status}: ${tail}`));
        else
          resolve({
            status,
            contentEncoding: (res.headers["content-encoding"] as string | undefined) ?? null,
            bytes,
            lines,
            tail,
          });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

export async function signIn(baseUrl: string, workspaceId: string): Promise<Client> {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const headers = () => ({
    cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    "x-chartroom-workspace": workspaceId,
  });
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const login = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: DEMO_EMAIL, password: DEMO_PASSWORD, json: "true" }),
  });
  keep(login);
  await login.arrayBuffer();
  const session = (await (await fetch(`${baseUrl}/api/auth/session`, { headers: headers() })).json()) as {
    user?: { email?: string };
  };
  if (session.user?.email !== DEMO_EMAIL) throw new Error("could not sign in as the demo user");
  return {
    get: (path, extraHeaders = {}) => fetch(`${baseUrl}${path}`, { headers: { ...headers(), ...extraHeaders } }),
    download: (path, extraHeaders = {}) => download(`${baseUrl}${path}`, { ...headers(), ...extraHeaders }),
    post: (path, body) =>
      fetch(`${baseUrl}${path}`, {
        method: "POST",
        headers: { ...headers(), "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
  };
}

/** Reads a response to its end as a client would, keeping only its size, line count and last bytes. */
export async function drain(res: Response): Promise<{ bytes: number; lines: number; tail: string }> {
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
  let bytes = 0;
  let lines = 0;
  let tail = "";
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (let i = value.indexOf(10); i >= 0; i = value.indexOf(10, i + 1)) lines++;
    tail = (tail + Buffer.from(value.subarray(Math.max(0, value.length - TAIL_BYTES))).toString("latin1")).slice(
      -TAIL_BYTES,
    );
  }
  return { bytes, lines, tail };
}
