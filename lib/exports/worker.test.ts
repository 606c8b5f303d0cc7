import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { sql } from "../db/sql";
import { seeded } from "../../testing/db";
import { cancelExportJob, createExportJob, findJob, jobView, retryExportJob } from "./jobs";
import { exportStorage } from "./storage";
import { storageRoot } from "./storage-local";
import { scratchWorkspace } from "../../testing/workspaces";
import { claimExportJob } from "../../testing/exports";
import {
  claimJobIfRoom,
  claimNextJob,
  expireExports,
  MAX_ATTEMPTS,
  recoverStaleJobs,
  runJob,
  STALE_AFTER_MS,
  workspaceConcurrency,
} from "./worker";

const definition = {
  dataset: "usage_events",
  columns: ["occurred_at", "event_type", "user_id", "revenue"],
  timeRange: { type: "absolute", from: "2025-12-01", to: "2026-04-30" },
  limit: 3000,
};

async function queue(workspaceId: string, format: "csv" | "xlsx" | "pdf" = "csv", def: object = definition) {
  return createExportJob(
    { workspaceId, timezone: "UTC", actor: "tester@example.com" },
    { definition: def, name: "Worker test", format, options: { bom: false, template: "detailed" } },
  );
}

const claim = claimExportJob;

/** `npm run worker` as a child process: Node itself (not the tsx wrapper), so SIGKILL hits the process doing the work. */
function startWorkerProcess() {
  return spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, CHARTROOM_WORKER_CONCURRENCY: "1", TSX_TSCONFIG_PATH: "tsconfig.scripts.json" },
    stdio: "ignore",
  });
}

async function read(key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await exportStorage().open(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describe("export jobs", () => {
  it("run from queued to a published file that matches the report", async () => {
    const { conn, acme } = seeded();
    const queued = await queue(acme.id);
    expect(queued).toMatchObject({ status: "queued", percent: null, downloadUrl: null });
    const job = await claim(queued.id);
    await runJob(job, conn, "test-worker");
    const done = await findJob(acme.id, queued.id);
    expect(done.status).toBe("succeeded");
    expect(done.rowCount).toBe(3000);
    expect(done.totalRows).toBe(3000);
    expect(done.expiresAt!.getTime() - done.finishedAt!.getTime()).toBe(7 * 86_400_000);
    expect(await exportStorage().size(done.storageKey!)).toBe(done.byteSize);
    const parsed = Papa.parse<string[]>((await read(done.storageKey!)).trim());
    expect(parsed.data.length).toBe(3001);
    expect(jobView(done)).toMatchObject({ percent: 100, downloadUrl: `/api/exports/${queued.id}/download` });
    expect(readdirSync(join(storageRoot(), acme.id, queued.id))).toEqual([done.storageKey!.split("/")[2]]);
  });

  it("runs a PDF export to a published PDF, measuring progress against the rows its charts read", async () => {
    const { conn, acme } = seeded();
    const queued = await queue(acme.id, "pdf", { ...definition, limit: 5000 });
    await runJob(await claim(queued.id), conn, "test-worker");
    const done = await findJob(acme.id, queued.id);
    expect(done.status).toBe("succeeded");
    expect(done.totalRows).toBe(5000);
    expect(done.storageKey).toMatch(/\.pdf$/);
    const head = (await read(done.storageKey!)).slice(0, 5);
    expect(head).toBe("%PDF-");
  });

  it("lists 20,000 rows of a longer result in a PDF job and says so on its last page", async () => {
    const { conn } = seeded();
    const { workspace } = await scratchWorkspace({ label: "long-pdf", events: 20_500, templates: false });
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const queued = await queue(workspace.id, "pdf", {
      dataset: "usage_events",
      columns: ["occurred_at", "event_type", "plan"],
      timeRange: { type: "absolute", from: day(Date.now() - 15 * 86_400_000), to: day(Date.now()) },
      sort: [{ key: "occurred_at", dir: "asc" }],
      limit: 50_000,
    });
    await runJob(await claim(queued.id), conn, "test-worker");
    const done = await findJob(workspace.id, queued.id);
    expect(done.status).toBe("succeeded");
    const dir = mkdtempSync(join(tmpdir(), "chartroom-long-pdf-"));
    try {
      const file = join(dir, "job.pdf");
      const chunks: Buffer[] = [];
      for await (const c of await exportStorage().open(done.storageKey!)) chunks.push(c as Buffer);
      writeFileSync(file, Buffer.concat(chunks));
      const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))![1]);
      const last = execFileSync("pdftotext", ["-layout", "-f", String(pages), "-l", String(pages), file, "-"], {
        encoding: "utf8",
      }).replace(/\s+/g, " ");
      expect(last).toContain("Showing the first 20,000 of 20,500 rows.");
      expect(pages).toBeGreaterThan(250);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says in the workbook when the report's row limit cut the result, and only then", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const { conn, acme } = seeded();
    const [{ n }] = await conn.query<{ n: number }>(sql`SELECT COUNT(*) AS n FROM usage_events
      WHERE workspace_id = ${acme.id} AND occurred_at >= ${new Date("2025-12-01T00:00:00Z")} AND occurred_at < ${new Date("2026-05-01T00:00:00Z")}`);
    const matching = Number(n);
    const notices = async (limit: number) => {
      const queued = await queue(acme.id, "xlsx", { ...definition, limit });
      await runJob(await claim(queued.id), conn, "test-worker");
      const done = await findJob(acme.id, queued.id);
      expect(done.status).toBe("succeeded");
      const chunks: Buffer[] = [];
      for await (const c of await exportStorage().open(done.storageKey!)) chunks.push(c as Buffer);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
      expect(book.getWorksheet("Data")!.rowCount - 1).toBe(Math.min(limit, matching));
      let found: unknown = null;
      book.getWorksheet("Summary")!.eachRow((row) => {
        if (row.getCell(1).value === "Notices") found = row.getCell(2).value;
      });
      return found;
    };
    expect(matching).toBeGreaterThan(3000);
    expect(await notices(3000)).toBe(
      `The report's row limit of 3,000 stops it before all ${matching.toLocaleString("en-US")} matching rows. Raise the limit in the report to include them all.`,
    );
    expect(await notices(matching)).toBe("None");
  });

  it("stops a canceled export at its next batch and keeps no file", async () => {
    const { conn, acme } = seeded();
    const queued = await queue(acme.id);
    const job = await claim(queued.id);
    await cancelExportJob(acme.id, queued.id);
    await runJob(job, conn, "test-worker");
    const after = await findJob(acme.id, queued.id);
    expect(after.status).toBe("canceled");
    expect(after.storageKey).toBeNull();
    expect(existsSync(join(storageRoot(), acme.id, queued.id))).toBe(
      readdirSync(join(storageRoot(), acme.id)).includes(queued.id),
    );
    if (existsSync(join(storageRoot(), acme.id, queued.id))) {
      expect(readdirSync(join(storageRoot(), acme.id, queued.id))).toEqual([]);
    }
    await expect(cancelExportJob(acme.id, queued.id)).rejects.toMatchObject({ status: 409 });
  });

  it("honours a cancel that arrives after the last batch", async () => {
    const { conn, acme } = seeded();
    const empty = { ...definition, filters: [{ field: "event_type", op: "eq", value: "no-such-event" }] };
    const queued = await queue(acme.id, "csv", empty);
    const job = await claim(queued.id);
    await cancelExportJob(acme.id, queued.id);
    await runJob(job, conn, "test-worker");
    const after = await findJob(acme.id, queued.id);
    expect(after.status).toBe("canceled");
    expect(after.storageKey).toBeNull();
    const dir = join(storageRoot(), acme.id, queued.id);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it("cancels a queued export at once, and retries a finished one as a new job", async () => {
    const { acme, globex } = seeded();
    const queued = await queue(acme.id);
    expect((await cancelExportJob(acme.id, queued.id)).status).toBe("canceled");
    const retry = await retryExportJob({ workspaceId: acme.id, timezone: "UTC", actor: "x" }, queued.id);
    expect(retry.id).not.toBe(queued.id);
    expect(retry.status).toBe("queued");
    await expect(retryExportJob({ workspaceId: acme.id, timezone: "UTC", actor: "x" }, retry.id)).rejects.toMatchObject(
      { status: 409 },
    );
    await expect(findJob(globex.id, retry.id)).rejects.toMatchObject({ status: 404 });
    await cancelExportJob(acme.id, retry.id);
  });

  it("requeues an export whose process stopped sending heartbeats, and gives up after the last attempt", async () => {
    const { conn, acme } = seeded();
    const queued = await queue(acme.id);
    await claim(queued.id, "dead-worker");
    await db.exportJob.update({
      where: { id: queued.id },
      data: { heartbeatAt: new Date(Date.now() - STALE_AFTER_MS - 1000) },
    });
    expect(await recoverStaleJobs()).toBeGreaterThanOrEqual(1);
    expect((await findJob(acme.id, queued.id)).status).toBe("queued");
    const again = await claim(queued.id);
    expect(again.attempts).toBe(2);
    await runJob(again, conn, "test-worker");
    expect((await findJob(acme.id, queued.id)).status).toBe("succeeded");

    const doomed = await queue(acme.id);
    await claim(doomed.id, "dead-worker");
    await db.exportJob.update({
      where: { id: doomed.id },
      data: { attempts: MAX_ATTEMPTS, heartbeatAt: new Date(Date.now() - STALE_AFTER_MS - 1000) },
    });
    await recoverStaleJobs();
    const failed = await findJob(acme.id, doomed.id);
    expect(failed.status).toBe("failed");
    expect(failed.errorMessage).toContain("interrupted");
  });

  it("expires old files", async () => {
    const { conn, acme } = seeded();
    const queued = await queue(acme.id);
    await runJob(await claim(queued.id), conn, "test-worker");
    const done = await findJob(acme.id, queued.id);
    await db.exportJob.update({ where: { id: queued.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expireExports();
    expect((await findJob(acme.id, queued.id)).status).toBe("expired");
    expect(await exportStorage().size(done.storageKey!)).toBeNull();
  });

  it("survives its worker process being killed mid-export: no complete-looking file, then it completes", async () => {
    const { acme } = seeded();
    const big = { ...definition, limit: 1_000_000 };
    const queued = await queue(acme.id, "xlsx", big);
    // Everything else queued is out of the way, so the child claims this job.
    await db.exportJob.updateMany({
      where: { status: "queued", NOT: { id: queued.id } },
      data: { status: "canceled" },
    });
    const child = startWorkerProcess();
    try {
      await expect
        .poll(async () => (await findJob(acme.id, queued.id)).rowCount ?? 0, { timeout: 60_000, interval: 25 })
        .toBeGreaterThan(0);
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((resolve) => child.once("exit", resolve));
    const interrupted = await findJob(acme.id, queued.id);
    expect(interrupted.status).toBe("running");
    expect(interrupted.storageKey).toBeNull();
    const dir = join(storageRoot(), acme.id, queued.id);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    expect(files.every((f) => f.endsWith(".part"))).toBe(true);

    // A minute without heartbeats passes (only for this job, so parallel test files keep
    // theirs); then the worker process starts again, requeues the job and completes it.
    await db.exportJob.update({
      where: { id: queued.id },
      data: { heartbeatAt: new Date(Date.now() - STALE_AFTER_MS - 1000) },
    });
    const restarted = startWorkerProcess();
    try {
      await expect
        .poll(async () => (await findJob(acme.id, queued.id)).status, { timeout: 90_000, interval: 100 })
        .toBe("succeeded");
    } finally {
      restarted.kill("SIGKILL");
    }
    await new Promise((resolve) => restarted.once("exit", resolve));
    expect(readdirSync(dir).filter((f) => f.endsWith(".part"))).toEqual([]);
    const done = await findJob(acme.id, queued.id);
    expect(done.status).toBe("succeeded");
    expect(done.attempts).toBe(2);
    expect(done.rowCount).toBe(acme.events);
  });

  it("runs at most the workspace's concurrency at once, across concurrent claimers", async () => {
    const { conn, acme } = seeded();
    expect(workspaceConcurrency({})).toBe(2);
    expect(workspaceConcurrency({ CHARTROOM_WORKSPACE_CONCURRENCY: "3" })).toBe(3);
    expect(() => workspaceConcurrency({ CHARTROOM_WORKSPACE_CONCURRENCY: "0" })).toThrow(
      /CHARTROOM_WORKSPACE_CONCURRENCY/,
    );

    const busy = (await scratchWorkspace({ label: "busy" })).workspace;
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await queue(busy.id));
    const ids = new Set(mine.map((j) => j.id));
    const neighbour = await queue(acme.id);
    const runningIn = (workspaceId: string) => db.exportJob.count({ where: { workspaceId, status: "running" } });

    // Eight "processes" ask at once; each takes what it can.
    const claimed = await Promise.all(Array.from({ length: 8 }, (_, i) => claimNextJob(`claimer-${i}`, conn, 2)));
    const taken = claimed.filter((j) => j !== null);
    expect(taken.filter((j) => ids.has(j.id))).toHaveLength(2);
    expect(await runningIn(busy.id)).toBe(2);
    // A full workspace does not hold up another one's exports.
    if (!taken.some((j) => j.id === neighbour.id)) {
      expect((await findJob(acme.id, neighbour.id)).status).not.toBe("queued");
    }
    expect(await claimNextJob("late", conn, 2).then((j) => (j && ids.has(j.id) ? j.id : null))).toBeNull();

    // One finishes: exactly one more may start.
    const first = taken.find((j) => ids.has(j.id))!;
    await db.exportJob.update({ where: { id: first.id }, data: { status: "succeeded", finishedAt: new Date() } });
    const next = await Promise.all([claimNextJob("again-a", conn, 2), claimNextJob("again-b", conn, 2)]);
    expect(next.filter((j) => j !== null && ids.has(j.id))).toHaveLength(1);
    expect(await runningIn(busy.id)).toBe(2);
    expect(await db.exportJob.count({ where: { workspaceId: busy.id, status: "queued" } })).toBe(2);

    await db.exportJob.updateMany({
      where: { workspaceId: busy.id, status: { in: ["queued", "running"] } },
      data: { status: "canceled" },
    });

    // The claim itself is one conditional statement: five different jobs claimed at once, two win.
    const race = (await scratchWorkspace({ label: "race" })).workspace;
    const racers = [];
    for (let i = 0; i < 5; i++) racers.push(await queue(race.id));
    const won = await Promise.all(
      racers.map((j, i) => claimJobIfRoom({ id: j.id, workspaceId: race.id }, `racer-${i}`, 2, conn)),
    );
    expect(won.filter(Boolean)).toHaveLength(2);
    expect(await runningIn(race.id)).toBe(2);
    await db.exportJob.updateMany({ where: { workspaceId: race.id }, data: { status: "canceled" } });
    await db.exportJob.updateMany({
      where: { id: neighbour.id, status: { in: ["queued", "running"] } },
      data: { status: "canceled" },
    });
  });
});
