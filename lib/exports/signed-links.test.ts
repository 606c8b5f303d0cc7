import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as fileRoute } from "../../app/api/exports/[id]/file/route";
import { db } from "../db";
import { storedExport } from "../../testing/exports";
import { scratchWorkspace } from "../../testing/workspaces";
import { signExportLink, verifyExportLink } from "./signed-links";
import { exportStorage } from "./storage";

const CONTENT = "a,b\n1,2\n3,4\n";

function query(path: string) {
  const url = new URL(path, "http://chartroom.test");
  return { expires: url.searchParams.get("expires") ?? undefined, sig: url.searchParams.get("sig") ?? undefined };
}

async function download(path: string) {
  const url = new URL(path, "http://chartroom.test");
  const id = decodeURIComponent(url.pathname.split("/")[3]);
  return fileRoute(new NextRequest(url), { params: Promise.resolve({ id }) });
}

function alter(path: string, name: "sig" | "expires", change: (value: string) => string) {
  const url = new URL(path, "http://chartroom.test");
  url.searchParams.set(name, change(url.searchParams.get(name)!));
  return `${url.pathname}${url.search}`;
}

describe("signed export links", () => {
  it("sign the job, its workspace and the expiry, and download without a session", async () => {
    const ws = (await scratchWorkspace({ label: "links" })).workspace;
    const job = await storedExport(exportStorage(), ws.id, CONTENT);
    const now = Date.now();
    const link = await signExportLink(job.id, 3600, now);
    expect(link.path).toMatch(new RegExp(`^/api/exports/${job.id}/file\\?expires=\\d+&sig=[0-9a-f]{64}$`));
    expect(link.expiresAt.getTime()).toBe(Math.floor((now + 3_600_000) / 1000) * 1000);
    expect(Number(query(link.path).expires)).toBe(link.expiresAt.getTime() / 1000);
    expect((await verifyExportLink(job.id, query(link.path))).id).toBe(job.id);

    const res = await download(link.path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("stored-export.csv");
    expect(await res.text()).toBe(CONTENT);
    const audit = await db.auditEvent.findMany({ where: { workspaceId: ws.id, entity: `export:${job.id}` } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "export.downloaded", actor: "signed-link" });
  });

  it("refuse altered signatures and expiries and unknown jobs alike (403), and expired links (410)", async () => {
    const ws = (await scratchWorkspace({ label: "links-bad" })).workspace;
    const job = await storedExport(exportStorage(), ws.id, CONTENT);
    const other = await storedExport(exportStorage(), ws.id, CONTENT);
    const { path } = await signExportLink(job.id, 3600);

    const flipped = alter(path, "sig", (sig) => (sig[0] === "0" ? "1" : "0") + sig.slice(1));
    expect((await download(flipped)).status).toBe(403);
    expect((await download(alter(path, "expires", (e) => String(Number(e) + 3600)))).status).toBe(403);
    expect((await download(alter(path, "sig", (sig) => sig.slice(0, 40)))).status).toBe(403);
    expect((await download(path.replace(/&sig=.*/, ""))).status).toBe(403);
    expect((await download(alter(path, "expires", () => "soon"))).status).toBe(403);
    // A valid signature for one job does not open another.
    const forOther = path.replace(`/exports/${job.id}/`, `/exports/${other.id}/`);
    const refused = await download(forOther);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: "forbidden", message: "This download link is not valid." } });

    // An unknown id answers exactly as a bad signature does: a link cannot probe which exports exist.
    for (const probe of [path, flipped, path.replace(/&sig=.*/, "")]) {
      const unknown = await download(probe.replace(`/exports/${job.id}/`, "/exports/no-such-export/"));
      const known = await download(probe === path ? forOther : probe);
      expect(unknown.status).toBe(403);
      expect([...unknown.headers.entries()]).toEqual([...known.headers.entries()]);
      expect(await unknown.json()).toEqual(await known.json());
    }

    const past = await signExportLink(job.id, 60, Date.now() - 3_600_000);
    const gone = await download(past.path);
    expect(gone.status).toBe(410);
    expect((await gone.json()).error.code).toBe("gone");
    await expect(verifyExportLink(job.id, query(past.path), Date.now() - 3_600_000)).resolves.toMatchObject({
      id: job.id,
    });

    const audit = await db.auditEvent.count({ where: { workspaceId: ws.id, action: "export.downloaded" } });
    expect(audit).toBe(0);
  });

  it("bind the workspace: the same job moved to another workspace no longer opens", async () => {
    const ws = (await scratchWorkspace({ label: "links-ws" })).workspace;
    const elsewhere = (await scratchWorkspace({ label: "links-ws2" })).workspace;
    const job = await storedExport(exportStorage(), ws.id, CONTENT);
    const { path } = await signExportLink(job.id, 3600);
    await db.exportJob.update({ where: { id: job.id }, data: { workspaceId: elsewhere.id } });
    expect((await download(path)).status).toBe(403);
    await db.exportJob.update({ where: { id: job.id }, data: { workspaceId: ws.id } });
    expect((await download(path)).status).toBe(200);
  });

  it("answer 410 once the file expired or when the export has no file, and never outlive the file", async () => {
    const ws = (await scratchWorkspace({ label: "links-gone" })).workspace;
    const soon = new Date(Date.now() + 120_000);
    const job = await storedExport(exportStorage(), ws.id, CONTENT, { expiresAt: soon });
    const link = await signExportLink(job.id, 24 * 3600);
    expect(link.expiresAt.getTime()).toBe(Math.floor(soon.getTime() / 1000) * 1000);

    // The link is still valid; the file's retention ended first.
    await db.exportJob.update({ where: { id: job.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await download(link.path);
    expect(expired.status).toBe(410);
    expect((await expired.json()).error.message).toContain("expired");

    const fresh = await storedExport(exportStorage(), ws.id, CONTENT);
    const freshLink = await signExportLink(fresh.id, 3600);
    await db.exportJob.update({ where: { id: fresh.id }, data: { status: "expired" } });
    expect((await download(freshLink.path)).status).toBe(410);
    await db.exportJob.update({ where: { id: fresh.id }, data: { status: "failed" } });
    expect((await download(freshLink.path)).status).toBe(410);
    await db.exportJob.update({ where: { id: fresh.id }, data: { status: "succeeded" } });
    await exportStorage().remove(fresh.storageKey!);
    expect((await download(freshLink.path)).status).toBe(410);
  });
});
