import { describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/exports/route";
import { GET as facetsRoute } from "@/app/api/exports/facets/route";
import { db } from "../db";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";

const scratch = await scratchWorkspace({ label: "history", roles: ["owner", "viewer"], templates: false });
const other = await scratchWorkspace({ label: "history-other", templates: false });
const ws = scratch.workspace;
const key = (await testApiKey(ws.id, scratch.people.viewer.email, "viewer", "viewer")).secret;

const FORMATS = ["csv", "json", "xlsx", "pdf"] as const;
const STATUSES = ["succeeded", "failed", "canceled", "expired"] as const;
const PEOPLE = ["ana@history.test", "ben@history.test", "cleo@history.test"];
const base = Date.UTC(2026, 5, 1);

// Ten exports share each instant, so the order of ties decides whether a page boundary loses one.
await db.exportJob.createMany({
  data: Array.from({ length: 1000 }, (_, i) => ({
    workspaceId: ws.id,
    reportName: i % 7 === 0 ? "Weekly Revenue" : `Report ${i % 5}`,
    format: FORMATS[i % FORMATS.length],
    status: STATUSES[i % STATUSES.length],
    createdBy: PEOPLE[i % PEOPLE.length],
    createdAt: new Date(base + Math.floor(i / 10) * 60_000),
  })),
});
// The same names and people in another workspace: never part of this one's history.
await db.exportJob.createMany({
  data: Array.from({ length: 30 }, (_, i) => ({
    workspaceId: other.workspace.id,
    reportName: "Weekly Revenue",
    format: "csv",
    status: "succeeded",
    createdBy: PEOPLE[i % PEOPLE.length],
    createdAt: new Date(base + i * 60_000),
  })),
});

interface Page {
  exports: { id: string; reportName: string; format: string; status: string; createdBy: string; createdAt: string }[];
  nextCursor: string | null;
}

async function page(params: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return callRoute(listRoute, { key, path: `/api/exports?${new URLSearchParams(params).toString()}` });
}

/** Every page of a listing, following nextCursor; `between` runs after each page. */
async function pageThrough(params: Record<string, string>, between?: () => Promise<void>) {
  const seen: Page["exports"] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const answer = await page(cursor ? { ...params, cursor } : params);
    expect(answer.status).toBe(200);
    const body = answer.body as Page;
    seen.push(...body.exports);
    cursor = body.nextCursor;
    pages++;
    if (between) await between();
  } while (cursor && pages < 1000);
  return { seen, pages };
}

function expectNewestFirst(rows: Page["exports"]) {
  for (let i = 1; i < rows.length; i++) {
    expect(Date.parse(rows[i - 1].createdAt)).toBeGreaterThanOrEqual(Date.parse(rows[i].createdAt));
  }
}

describe("export history paging", () => {
  it("pages through 1,000 exports without losing or repeating one", async () => {
    const { seen, pages } = await pageThrough({ limit: "37" });
    expect(pages).toBe(Math.ceil(1000 / 37));
    expect(seen).toHaveLength(1000);
    expect(new Set(seen.map((e) => e.id)).size).toBe(1000);
    expectNewestFirst(seen);
  });

  it("keeps every page intact while new exports are created between pages", async () => {
    const before = new Set(
      (await db.exportJob.findMany({ where: { workspaceId: ws.id }, select: { id: true } })).map((j) => j.id),
    );
    const added: string[] = [];
    const { seen } = await pageThrough({ limit: "50" }, async () => {
      const job = await db.exportJob.create({
        data: { workspaceId: ws.id, reportName: "Inserted", format: "csv", status: "queued", createdBy: PEOPLE[0] },
      });
      added.push(job.id);
    });
    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of before) expect(ids).toContain(id);
    // Newer than every cursor: they belong on a first page, not in the middle of this walk.
    expect(ids.filter((id) => added.includes(id))).toEqual([]);
    await db.exportJob.deleteMany({ where: { id: { in: added } } });
  });

  it("answers a page of the default size with a cursor, and no cursor on the last page", async () => {
    const first = (await page({})).body as Page;
    expect(first.exports).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
    const all = (await page({ limit: "200", q: "Weekly" })).body as Page;
    expect(all.exports.length).toBe(143);
    expect(all.nextCursor).toBeNull();
  });

  it("refuses cursors it did not give out, and page sizes out of bounds, with a 400 envelope", async () => {
    const forged = Buffer.from(JSON.stringify({ t: "yesterday", i: 1 })).toString("base64url");
    const extra = Buffer.from(JSON.stringify({ t: 1, i: "x", sql: "1=1" })).toString("base64url");
    for (const cursor of ["not a cursor", "%%%", "e30", forged, extra, "x".repeat(201), "bnVsbA"]) {
      const answer = await page({ cursor });
      expect(answer.status, cursor).toBe(400);
      const error = (answer.body as { error: { code: string; param: string; message: string } }).error;
      expect(error.code).toBe("invalid_parameter");
      expect(error.param).toBe("cursor");
    }
    for (const limit of ["0", "201", "ten", "-1"]) {
      const answer = await page({ limit });
      expect(answer.status, limit).toBe(400);
      expect((answer.body as { error: { param: string } }).error.param).toBe("limit");
    }
  });
});

describe("export history filters and search", () => {
  it("filters by report, format, status and requester, within the workspace, across pages", async () => {
    const filters = { reportName: "Weekly Revenue", format: "csv", createdBy: PEOPLE[1] };
    const { seen } = await pageThrough({ ...filters, limit: "5" });
    const expected = await db.exportJob.count({ where: { workspaceId: ws.id, ...filters } });
    expect(expected).toBeGreaterThan(5);
    expect(seen).toHaveLength(expected);
    for (const e of seen) expect(e).toMatchObject(filters);

    const failed = (await pageThrough({ status: "failed", format: "json", limit: "200" })).seen;
    expect(failed.length).toBe(
      await db.exportJob.count({ where: { workspaceId: ws.id, status: "failed", format: "json" } }),
    );
    expect(failed.every((e) => e.status === "failed" && e.format === "json")).toBe(true);
  });

  it("searches report names and requesters ignoring case, never another workspace's", async () => {
    const { seen } = await pageThrough({ q: "weekly REVENUE", limit: "100" });
    expect(seen).toHaveLength(143);
    const ours = new Set((await db.exportJob.findMany({ where: { workspaceId: ws.id } })).map((j) => j.id));
    expect(seen.every((e) => ours.has(e.id))).toBe(true);
    const byPerson = (await pageThrough({ q: "CLEO@", limit: "200" })).seen;
    expect(byPerson.length).toBe(333);
    expect(byPerson.every((e) => e.createdBy === PEOPLE[2])).toBe(true);
    expect((await pageThrough({ q: "%" })).seen).toEqual([]);
  });

  it("lists the workspace's report names and requesters for the filter menus", async () => {
    const answer = await callRoute(facetsRoute, { key, path: "/api/exports/facets" });
    expect(answer.status).toBe(200);
    const body = answer.body as { reports: string[]; people: string[] };
    expect(body.people).toEqual(PEOPLE);
    expect(body.reports).toEqual(["Report 0", "Report 1", "Report 2", "Report 3", "Report 4", "Weekly Revenue"]);
  });
});
