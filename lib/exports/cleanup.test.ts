import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { storedExport } from "../../testing/exports";
import { scratchWorkspace } from "../../testing/workspaces";
import { cleanupExpiredExports, ORPHAN_AGE_MS } from "./cleanup";
import { findJob } from "./jobs";
import { localStorage, storageRoot } from "./storage-local";

describe("cleanupExpiredExports (local storage)", () => {
  it("deletes files past expiresAt, marks their jobs expired, and keeps the rest", async () => {
    const storage = localStorage();
    const ws = (await scratchWorkspace({ label: "retention" })).workspace;
    const now = Date.now();
    const old = await storedExport(storage, ws.id, "a\n1\n", { expiresAt: new Date(now - 1000) });
    const fresh = await storedExport(storage, ws.id, "a\n2\n", { expiresAt: new Date(now + 3_600_000) });
    const failed = await storedExport(storage, ws.id, "a\n3\n", { expiresAt: new Date(now - 1000), status: "failed" });

    // States, not counts: a worker process of a parallel test may run the same cleanup.
    await cleanupExpiredExports(now, storage);
    expect((await findJob(ws.id, old.id)).status).toBe("expired");
    expect(existsSync(join(storageRoot(), old.storageKey!))).toBe(false);
    expect((await findJob(ws.id, fresh.id)).status).toBe("succeeded");
    expect(await storage.size(fresh.storageKey!)).toBe(fresh.byteSize);
    expect((await findJob(ws.id, failed.id)).status).toBe("failed");

    // An hour later the second one goes too.
    await cleanupExpiredExports(now + 3_600_001, storage);
    expect((await findJob(ws.id, fresh.id)).status).toBe("expired");
    expect(await storage.size(fresh.storageKey!)).toBeNull();
    await db.exportJob.deleteMany({ where: { workspaceId: ws.id } });
  });

  it("removes .part files left for more than a day, never younger ones or finished files", async () => {
    const storage = localStorage();
    const ws = (await scratchWorkspace({ label: "orphans" })).workspace;
    const kept = await storedExport(storage, ws.id, "a\n1\n");
    const dir = join(storageRoot(), ws.id, "dead-job");
    mkdirSync(dir, { recursive: true });
    const stale = join(dir, "report.csv.part");
    const young = join(dir, "other.csv.part");
    writeFileSync(stale, "half a file");
    writeFileSync(young, "still being written");
    const now = Date.now();
    const twoDaysAgo = new Date(now - 2 * ORPHAN_AGE_MS);
    utimesSync(stale, twoDaysAgo, twoDaysAgo);

    const result = await cleanupExpiredExports(now, storage);
    expect(result.orphansRemoved).toBeGreaterThanOrEqual(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(young)).toBe(true);
    expect(await storage.size(kept.storageKey!)).toBe(kept.byteSize);
  });
});
