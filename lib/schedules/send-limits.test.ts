import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as runRoute } from "@/app/api/schedules/[id]/run/route";
import { POST as inviteRoute } from "@/app/api/team/invites/route";
import { createApiKey } from "../api-keys/keys";
import { db } from "../db";
import { scratchWorkspace } from "../../testing/workspaces";
import { dispatchDue } from "./dispatch";
import { createSchedule } from "./service";

const saved = { ...process.env };

beforeAll(() => {
  delete process.env.RESEND_API_KEY;
  process.env.CHARTROOM_LOG = "off";
});

afterEach(() => {
  process.env = { ...saved, CHARTROOM_LOG: "off" };
  delete process.env.RESEND_API_KEY;
});

async function setup(formats: ("csv" | "pdf")[]) {
  const t = await scratchWorkspace({ events: 200, timezone: "America/New_York" });
  const report = await t.report("usage_summary");
  const schedule = await createSchedule(t.workspace.id, t.people.owner.email, {
    name: "Limited",
    reportId: report.id,
    cron: "0 9 * * *",
    timezone: "UTC",
    formats,
    delivery: "attachment",
    recipients: [`limited-${t.workspace.id}@example.com`],
    subjectTemplate: "x",
    skipIfEmpty: false,
    active: true,
  });
  const { secret } = await createApiKey({
    workspaceId: t.workspace.id,
    name: "admin",
    role: "admin",
    creatorId: t.people.owner.id,
    creatorRole: "owner",
  });
  return { ...t, owner: t.people.owner, schedule, key: secret };
}

/** Calls a route as the server would, keeping the headers (Retry-After) the answer carries. */
async function call<P>(
  handler: (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>,
  key: string,
  params: P,
  body?: unknown,
) {
  const req = new NextRequest("http://localhost/api/test", {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return handler(req, { params: Promise.resolve(params) });
}

async function settled(scheduleId: string) {
  await vi.waitFor(
    async () => expect(await db.scheduleRun.count({ where: { scheduleId, status: "running" } })).toBe(0),
    { timeout: 20_000, interval: 50 },
  );
}

describe("send limits", () => {
  it("answers 429 with Retry-After once a user has used up their manual runs", async () => {
    process.env.CHARTROOM_RATE_SENDS_PER_USER = "2";
    const { schedule, key } = await setup(["csv", "pdf"]);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      // Back to back, while the runs already started are writing: counting must not wait on them.
      const res = await call(runRoute, key, { id: schedule.id });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await res.json()).toMatchObject({
          error: { code: "rate_limited", message: expect.stringContaining("e-mail sends") },
        });
      }
    }
    expect(statuses).toEqual([202, 202, 429]);
    await settled(schedule.id);
    // Refused calls start no run, so they send nothing.
    expect(await db.scheduleRun.count({ where: { scheduleId: schedule.id } })).toBe(2);
  });

  it("counts invites and manual runs against one workspace limit", async () => {
    process.env.CHARTROOM_RATE_SENDS_PER_WORKSPACE = "2";
    const { schedule, key, workspace } = await setup(["csv"]);
    expect((await call(inviteRoute, key, {}, { email: `a-${workspace.id}@example.com` })).status).toBe(201);
    expect((await call(runRoute, key, { id: schedule.id })).status).toBe(202);
    await settled(schedule.id);
    const refused = await call(inviteRoute, key, {}, { email: `b-${workspace.id}@example.com` });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await db.invite.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("defers a scheduled run over the workspace's export limit and runs it later, never dropping it", async () => {
    process.env.CHARTROOM_RATE_EXPORTS_PER_WORKSPACE = "1";
    const { schedule, workspace } = await setup(["csv", "pdf"]);
    const due = schedule.nextRunAt!;
    const first = await dispatchDue({ now: new Date(due), workspaceIds: [workspace.id] });
    expect(first.runs.map((r) => r.status)).toEqual(["retrying"]);
    const deferred = await db.scheduleRun.findFirstOrThrow({ where: { scheduleId: schedule.id } });
    expect(deferred).toMatchObject({ status: "retrying", attempts: 0 });
    expect(deferred.errorMessage).toMatch(/^Deferred: this workspace started its limit of 1 exports/);
    expect(deferred.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect(JSON.parse(deferred.exportJobIds)).toHaveLength(1);
    expect(await db.outboxEmail.count({ where: { workspaceId: workspace.id } })).toBe(0);

    // Still over the limit: deferred again, still with every attempt left.
    const again = await dispatchDue({ now: deferred.nextAttemptAt!, workspaceIds: [workspace.id] });
    expect(again.runs.map((r) => r.status)).toEqual(["retrying"]);
    expect(await db.scheduleRun.findUniqueOrThrow({ where: { id: deferred.id } })).toMatchObject({
      status: "retrying",
      attempts: 0,
    });

    process.env.CHARTROOM_RATE_EXPORTS_PER_WORKSPACE = "10";
    const later = await db.scheduleRun.findUniqueOrThrow({ where: { id: deferred.id } });
    const last = await dispatchDue({ now: later.nextAttemptAt!, workspaceIds: [workspace.id] });
    expect(last.runs.map((r) => r.status)).toEqual(["succeeded"]);
    const done = await db.scheduleRun.findUniqueOrThrow({ where: { id: deferred.id } });
    expect(done).toMatchObject({ status: "succeeded", attempts: 1, errorMessage: null });
    // The CSV made before the deferral was reused: one export per format, one e-mail.
    expect(await db.exportJob.count({ where: { scheduleRunId: deferred.id } })).toBe(2);
    expect(await db.outboxEmail.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });
});
