import { spawn, type ChildProcess } from "node:child_process";
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { connection } from "../db/connection";
import { seeded } from "../../testing/db";
import { scratchWorkspace } from "../../testing/workspaces";
import { createExportJob, findJob } from "./jobs";
import { exportStorage } from "./storage";
import { runJob, STALE_AFTER_MS } from "./worker";

const rowsDefinition = {
  dataset: "usage_events",
  columns: ["occurred_at", "event_type", "user_id", "revenue"],
  timeRange: { type: "absolute", from: "2025-12-01", to: "2026-04-30" },
  limit: 1_000_000,
};

/** A TCP hop in front of PostgreSQL that can be cut and restored, like a network blip. */
class Hop {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  private up = true;
  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      if (!this.up) return client.destroy();
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    return (this.server.address() as AddressInfo).port;
  }

  cut(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.up = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

function workerProcess(databaseUrl: string): { child: ChildProcess; exited: Promise<unknown> } {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      CHARTROOM_WORKER_CONCURRENCY: "1",
      TSX_TSCONFIG_PATH: "tsconfig.scripts.json",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { child, exited: once(child, "exit") };
}

describe("database faults", () => {
  it.runIf(seeded().provider === "postgres")(
    "PostgreSQL unreachable mid-export: nothing half-written is published, and the export completes once it is back",
    async () => {
      const { acme } = seeded();
      const url = new URL(process.env.DATABASE_URL!);
      const hop = new Hop({ host: url.hostname, port: Number(url.port || 5432) });
      const viaHop = new URL(url);
      viaHop.host = `127.0.0.1:${await hop.start()}`;
      const queued = await createExportJob(
        { workspaceId: acme.id, timezone: "UTC", actor: "tester@example.com" },
        { definition: rowsDefinition, name: "Blip", format: "xlsx", options: { bom: false, template: "detailed" } },
      );
      await db.exportJob.updateMany({
        where: { status: "queued", NOT: { id: queued.id } },
        data: { status: "canceled" },
      });
      const worker = workerProcess(viaHop.toString());
      try {
        await expect
          .poll(async () => (await findJob(acme.id, queued.id)).rowCount ?? 0, { timeout: 60_000, interval: 25 })
          .toBeGreaterThan(0);
        hop.cut();
        // The worker's cursor and its status writes fail while the database is away.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const during = await findJob(acme.id, queued.id);
        expect(during.storageKey).toBeNull();
        expect(["running", "failed"]).toContain(during.status);
        hop.restore();
        if (during.status === "running") {
          // Its heartbeats stopped during the blip; a minute later it counts as stale.
          await db.exportJob.update({
            where: { id: queued.id },
            data: { heartbeatAt: new Date(Date.now() - STALE_AFTER_MS - 1000) },
          });
        } else {
          expect(during.errorMessage).toMatch(/database was unavailable|Please retry/);
          await db.exportJob.update({ where: { id: queued.id }, data: { status: "queued", workerId: null } });
        }
        // A blip must not take the worker process down with it, nor leave it stuck: the same
        // worker requeues the job and completes it.
        expect(worker.child.exitCode).toBeNull();
        await expect
          .poll(async () => (await findJob(acme.id, queued.id)).status, { timeout: 90_000, interval: 100 })
          .toBe("succeeded");
        const done = await findJob(acme.id, queued.id);
        expect(done.rowCount).toBe(acme.events);
        expect(await exportStorage().size(done.storageKey!)).toBe(done.byteSize);
      } finally {
        worker.child.kill("SIGKILL");
        await hop.stop();
      }
    },
    120_000,
  );

  it.runIf(seeded().provider === "sqlite")(
    "a SQLite database locked by another process for two seconds only delays an export",
    async () => {
      const workspace = (await scratchWorkspace({ label: "locked" })).workspace;
      const path = process.env.DATABASE_URL!.replace(/^file:/, "");
      // Another process takes the write lock and holds it.
      const holder = spawn(
        process.execPath,
        [
          "-e",
          `const db = require("better-sqlite3")(process.argv[1]); db.exec("BEGIN IMMEDIATE"); console.log("locked"); setTimeout(() => { db.exec("COMMIT"); db.close(); }, 2000);`,
          path,
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      const released = once(holder, "exit");
      await once(holder.stdout!, "data");
      const started = Date.now();
      const job = await db.exportJob.create({
        data: {
          workspaceId: workspace.id,
          reportName: "Locked",
          definition: JSON.stringify({ ...rowsDefinition, limit: 100 }),
          format: "csv",
          status: "running",
          createdBy: "tester@example.com",
          workerId: "lock-test",
          attempts: 1,
          rowCount: 0,
          startedAt: new Date(),
          heartbeatAt: new Date(),
        },
      });
      await runJob(job, connection(), "lock-test");
      await released;
      const done = await findJob(workspace.id, job.id);
      expect(done.status).toBe("succeeded");
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    },
  );
});
