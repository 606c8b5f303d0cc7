import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { connection } from "../db/connection";
import { sql } from "../db/sql";
import { ResendStandIn } from "../../testing/resend-server";
import { scratchWorkspace } from "../../testing/workspaces";
import { referenceLocalDate, toMs } from "../../testing/independent";
import { startOfLocalDay, addDays } from "../time/zone";
import { createDefaultSchedule } from "./defaults";
import { dispatchDue, runNow } from "./dispatch";
import { verifyExportLink } from "../exports/signed-links";
import { createSchedule } from "./service";

const resend = new ResendStandIn();
const saved = { ...process.env };

beforeAll(async () => {
  process.env.RESEND_BASE_URL = await resend.start();
  process.env.RESEND_API_KEY = "re_test_key";
  process.env.CHARTROOM_EMAIL_BACKOFF_MS = "5";
  process.env.CHARTROOM_SCHEDULE_RETRY_MS = "0";
  process.env.CHARTROOM_LOG = "off";
});

afterAll(async () => {
  process.env = saved;
  await resend.stop();
});

beforeEach(() => {
  delete process.env.CHARTROOM_SCHEDULE_RUN_ATTEMPTS;
  delete process.env.CHARTROOM_SCHEDULE_PAUSE_AFTER;
});

/** A daily 09:00 New York schedule of the Usage Summary, created before its first occurrence. */
async function dailySchedule(
  recipients: string[],
  extra: { formats?: ("pdf" | "csv")[]; cron?: string; timezone?: string; now?: Date } = {},
) {
  const t = await scratchWorkspace({ events: 2000, timezone: "America/New_York" });
  const report = await t.report("usage_summary");
  const schedule = await createSchedule(
    t.workspace.id,
    t.people.owner.email,
    {
      name: "Daily",
      reportId: report.id,
      cron: extra.cron ?? "0 9 * * *",
      timezone: extra.timezone ?? "America/New_York",
      formats: extra.formats ?? ["csv"],
      delivery: "attachment",
      recipients,
      subjectTemplate: "{{report}} for {{date}}",
      skipIfEmpty: false,
      active: true,
    },
    extra.now ?? new Date(),
  );
  return { ...t, owner: t.people.owner, schedule, due: new Date(schedule.nextRunAt!) };
}

const tag = () => Math.random().toString(36).slice(2, 8);
const runsOf = (scheduleId: string) =>
  db.scheduleRun.findMany({ where: { scheduleId }, include: { deliveries: true }, orderBy: { scheduledFor: "asc" } });

describe("dispatch", () => {
  it("two dispatch calls at once send each occurrence once per recipient", async () => {
    const to = [`a-${tag()}@example.com`, `b-${tag()}@example.com`, `c-${tag()}@example.com`];
    const { schedule, due, workspace } = await dailySchedule(to);
    const now = new Date(due.getTime() + 20_000);
    const scope = { now, workspaceIds: [workspace.id] };
    const [one, two] = await Promise.all([
      dispatchDue({ ...scope, instanceId: "instance-a" }),
      dispatchDue({ ...scope, instanceId: "instance-b" }),
    ]);
    expect(one.claimed + two.claimed).toBe(1);
    const runs = await runsOf(schedule.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "succeeded", late: false, trigger: "schedule" });
    for (const address of to) expect(resend.deliveredTo(address)).toHaveLength(1);
    // The CSV went out as an attachment, and the schedule moved on to tomorrow 09:00 New York.
    expect(resend.deliveredTo(to[0])[0].attachments[0].filename).toMatch(/\.csv$/);
    const after = await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
    expect(after.nextRunAt!.getTime() - due.getTime()).toBe(86_400_000);
    // A third call for the same minute finds nothing to do.
    expect((await dispatchDue(scope)).claimed).toBe(0);
  });

  it("a 500 then a 200 from the e-mail API gives one delivered e-mail and a logged retry", async () => {
    const address = `retry-${tag()}@example.com`;
    const { schedule, due, workspace } = await dailySchedule([address]);
    resend.failNext(1, 500, address);
    await dispatchDue({ now: new Date(due.getTime() + 1000), workspaceIds: [workspace.id] });
    const attempts = resend.requests.filter((r) => r.to.includes(address));
    expect(attempts).toHaveLength(2);
    expect(attempts[0].idempotencyKey).toBe(attempts[1].idempotencyKey);
    expect(resend.deliveredTo(address)).toHaveLength(1);
    const [run] = await runsOf(schedule.id);
    expect(run.status).toBe("succeeded");
    expect(run.deliveries[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("an e-mail API that times out after accepting the e-mail does not cause a second e-mail", async () => {
    process.env.CHARTROOM_EMAIL_TIMEOUT_MS = "300";
    try {
      const address = `slow-${tag()}@example.com`;
      const { schedule, due, workspace } = await dailySchedule([address]);
      resend.answerLate(1, 1500);
      await dispatchDue({ now: new Date(due.getTime() + 1000), workspaceIds: [workspace.id] });
      const [run] = await runsOf(schedule.id);
      expect(run.status).toBe("succeeded");
      expect(run.deliveries[0]).toMatchObject({ status: "sent", attempts: 2 });
      // Two requests with one idempotency key: the service kept one e-mail.
      expect(resend.requests.filter((r) => r.to.includes(address))).toHaveLength(2);
      expect(resend.deliveredTo(address)).toHaveLength(1);
    } finally {
      delete process.env.CHARTROOM_EMAIL_TIMEOUT_MS;
    }
  });

  it("one bad recipient out of three: the two others get exactly one e-mail each", async () => {
    const good = [`ok1-${tag()}@example.com`, `ok2-${tag()}@example.com`];
    const bad = `bad-${tag()}@example.com`;
    const { schedule, due, workspace } = await dailySchedule([good[0], bad, good[1]]);
    resend.reject(bad);
    await dispatchDue({ now: new Date(due.getTime() + 1000), workspaceIds: [workspace.id] });
    // Later ticks must not touch the run again.
    await dispatchDue({ now: new Date(due.getTime() + 120_000), workspaceIds: [workspace.id] });
    for (const address of good) expect(resend.deliveredTo(address)).toHaveLength(1);
    expect(resend.deliveredTo(bad)).toHaveLength(0);
    expect(resend.requests.filter((r) => r.to.includes(bad))).toHaveLength(1);
    const [run] = await runsOf(schedule.id);
    expect(run.status).toBe("partial");
    expect(run.deliveries.find((d) => d.recipient === bad)).toMatchObject({ status: "rejected", attempts: 1 });
  });

  it("a retry after an outage sends only to the recipient that had not received the e-mail", async () => {
    const a = `a-${tag()}@example.com`;
    const b = `b-${tag()}@example.com`;
    const { schedule, due, workspace } = await dailySchedule([a, b]);
    resend.failNext(3, 503, b);
    await dispatchDue({ now: new Date(due.getTime() + 1000), workspaceIds: [workspace.id] });
    let [run] = await runsOf(schedule.id);
    expect(run.status).toBe("retrying");
    expect(resend.deliveredTo(a)).toHaveLength(1);
    expect(resend.deliveredTo(b)).toHaveLength(0);
    const summary = await dispatchDue({ now: new Date(due.getTime() + 61_000), workspaceIds: [workspace.id] });
    expect(summary.retried).toBe(1);
    [run] = await runsOf(schedule.id);
    expect(run).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(resend.deliveredTo(a)).toHaveLength(1);
    expect(resend.deliveredTo(b)).toHaveLength(1);
    // The retry reused the export of the first attempt instead of running it again.
    expect(JSON.parse(run.exportJobIds)).toHaveLength(1);
    // The workspace trail has the retry and the outcome, with the schedule as their actor.
    const trail = await db.auditEvent.findMany({
      where: { workspaceId: workspace.id, entity: `schedule:${schedule.id}` },
    });
    expect(
      trail
        .map((e) => ({ action: e.action, actor: e.actor, ...JSON.parse(e.details) }))
        .sort((x, y) => x.attempt - y.attempt),
    ).toMatchObject([
      { action: "schedule.run_retrying", actor: "schedule:Daily", status: "retrying", attempt: 1, run: run.id },
      { action: "schedule.run_finished", actor: "schedule:Daily", status: "succeeded", attempt: 2, run: run.id },
    ]);
  });

  it("after the last failed attempt the owner is alerted, and repeated failures pause the schedule", async () => {
    process.env.CHARTROOM_SCHEDULE_RUN_ATTEMPTS = "1";
    process.env.CHARTROOM_SCHEDULE_PAUSE_AFTER = "2";
    const address = `down-${tag()}@example.com`;
    const { schedule, due, workspace, owner } = await dailySchedule([address]);
    resend.failNext(1000, 500, address);
    await dispatchDue({ now: new Date(due.getTime() + 1000), workspaceIds: [workspace.id] });
    let current = await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
    expect(current).toMatchObject({ active: true, consecutiveFailures: 1, lastRunStatus: "failed" });
    expect(resend.deliveredTo(owner.email)).toHaveLength(1);
    expect(resend.deliveredTo(owner.email)[0].subject).toContain("failed");
    await dispatchDue({ now: new Date(current.nextRunAt!.getTime() + 1000), workspaceIds: [workspace.id] });
    current = await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
    expect(current).toMatchObject({ active: false, consecutiveFailures: 2, nextRunAt: null });
    expect(current.pausedReason).toMatch(/Paused after 2 failed runs/);
    const notes = await db.notification.findMany({ where: { workspaceId: workspace.id, userId: owner.id } });
    expect(notes.map((n) => n.kind).sort()).toEqual(["schedule.failed", "schedule.paused"]);
    expect(resend.deliveredTo(address)).toHaveLength(0);
  });

  it("after downtime a schedule runs one late catch-up, not one run per missed occurrence", async () => {
    const address = `late-${tag()}@example.com`;
    const { schedule, due, workspace } = await dailySchedule([address], { cron: "0 * * * *" });
    const now = new Date(due.getTime() + 5 * 3_600_000 + 120_000);
    const summary = await dispatchDue({ now, workspaceIds: [workspace.id] });
    expect(summary.claimed).toBe(1);
    const runs = await runsOf(schedule.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ late: true, trigger: "catch_up" });
    expect(runs[0].scheduledFor.getTime()).toBe(due.getTime() + 5 * 3_600_000);
    const after = await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
    expect(after.nextRunAt!.getTime()).toBe(due.getTime() + 6 * 3_600_000);
    expect(resend.deliveredTo(address)).toHaveLength(1);
    expect(resend.deliveredTo(address)[0].html).toContain("sent late");
  });
});

describe("daylight saving time", () => {
  /** Ticks every five minutes over two days and returns the local dates the runs fell on. */
  async function localRunDates(cron: string, start: string) {
    const address = `dst-${tag()}@example.com`;
    const from = new Date(start);
    const { schedule, workspace } = await dailySchedule([address], { cron, now: from });
    for (let t = from.getTime(); t <= from.getTime() + 2 * 86_400_000; t += 5 * 60_000) {
      await dispatchDue({ now: new Date(t), workspaceIds: [workspace.id] });
    }
    const runs = await runsOf(schedule.id);
    expect(runs.every((r) => !r.late)).toBe(true);
    return { runs, dates: runs.map((r) => referenceLocalDate("America/New_York", r.scheduledFor.getTime())) };
  }

  it("02:30 America/New_York runs once on the spring-forward day", async () => {
    const { runs, dates } = await localRunDates("30 2 * * *", "2026-03-07T12:00:00Z");
    expect(dates).toEqual(["2026-03-08", "2026-03-09"]);
    // 02:30 does not exist on March 8; it runs at the first valid instant, 03:00 EDT.
    expect(runs[0].scheduledFor.toISOString()).toBe("2026-03-08T07:00:00.000Z");
    expect(runs[1].scheduledFor.toISOString()).toBe("2026-03-09T06:30:00.000Z");
  });

  it("01:30 America/New_York runs once on the fall-back day", async () => {
    const { runs, dates } = await localRunDates("30 1 * * *", "2026-10-31T12:00:00Z");
    expect(dates).toEqual(["2026-11-01", "2026-11-02"]);
    // 01:30 happens twice on November 1; it runs at the first (EDT, UTC-4).
    expect(runs[0].scheduledFor.toISOString()).toBe("2026-11-01T05:30:00.000Z");
  });
});

describe("the default weekly Usage Summary", () => {
  it("e-mails the owner a PDF whose text holds the KPIs and a paginated table", async () => {
    const t = await scratchWorkspace({ events: 4000, days: 10, timezone: "America/New_York" });
    await createDefaultSchedule(db, t.workspace.id, Date.now() - 8 * 86_400_000);
    const schedule = await db.schedule.findFirstOrThrow({ where: { workspaceId: t.workspace.id } });
    expect(schedule).toMatchObject({ name: "Weekly Usage Summary", cron: "0 9 * * 1", timezone: "America/New_York" });
    expect(JSON.parse(schedule.recipients)).toEqual([t.people.owner.email]);
    const occurrence = schedule.nextRunAt!;
    await dispatchDue({ now: new Date(occurrence.getTime() + 1000), workspaceIds: [t.workspace.id] });

    const [email] = resend.deliveredTo(t.people.owner.email);
    expect(email.subject).toContain("Usage Summary");
    const pdf = email.attachments.find((a) => a.filename.endsWith(".pdf"));
    expect(pdf?.content.subarray(0, 5).toString()).toBe("%PDF-");

    // Independently: "last 7 days" is the occurrence's local day and the six before it.
    const tz = t.workspace.timezone;
    const today = referenceLocalDate(tz, occurrence.getTime());
    const from = startOfLocalDay(tz, addDays(today, -6));
    const to = startOfLocalDay(tz, addDays(today, 1));
    const events = await connection().query<{ occurred_at: unknown; event_type: string }>(
      sql`SELECT occurred_at, event_type FROM usage_events WHERE workspace_id = ${t.workspace.id} AND occurred_at >= ${new Date(from)} AND occurred_at < ${new Date(to)}`,
    );
    const groups = new Set(events.map((e) => `${referenceLocalDate(tz, toMs(e.occurred_at))}|${e.event_type}`)).size;
    const total = events.length.toLocaleString("en-US");
    const dir = mkdtempSync(join(tmpdir(), "chartroom-weekly-"));
    const file = join(dir, "weekly.pdf");
    writeFileSync(file, pdf!.content);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain("Total events");
    expect(text, `KPI total ${total}`).toContain(total);
    expect(email.html).toContain(total);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    // Every day × event type row is in the table, and the header repeats on the last page.
    const [run] = await runsOf(schedule.id);
    expect(run.rowCount).toBe(groups);
    const last = execFileSync("pdftotext", ["-layout", "-f", String(pages), "-l", String(pages), file, "-"], {
      encoding: "utf8",
    });
    expect(last).toMatch(/Event type/);
  });
});

describe("links instead of attachments", () => {
  it("files above the attachment cap go out as signed links valid for 24 hours", async () => {
    process.env.CHARTROOM_EMAIL_ATTACHMENT_MAX_BYTES = "100";
    try {
      const address = `big-${tag()}@example.com`;
      const { schedule, workspace } = await dailySchedule([address], { formats: ["csv"] });
      const { done } = await runNow(workspace.id, schedule.id);
      expect(await done).toBe("succeeded");
      const [email] = resend.deliveredTo(address);
      expect(email.attachments).toHaveLength(0);
      expect(email.html).toContain("larger than");
      const match = /\/api\/exports\/([^/"]+)\/file\?expires=(\d+)&amp;sig=([0-9a-f]+)/.exec(email.html);
      expect(match).not.toBeNull();
      const [, jobId, expires, sig] = match!;
      const job = await verifyExportLink(jobId, { expires, sig });
      expect(job.workspaceId).toBe(workspace.id);
      expect(Number(expires) * 1000 - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
      expect(Number(expires) * 1000 - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
      await expect(
        verifyExportLink(jobId, { expires, sig: sig.replace(/^./, (c) => (c === "a" ? "b" : "a")) }),
      ).rejects.toThrow(/not valid/);
      await expect(verifyExportLink(jobId, { expires, sig }, Number(expires) * 1000 + 1)).rejects.toThrow(/expired/);
    } finally {
      delete process.env.CHARTROOM_EMAIL_ATTACHMENT_MAX_BYTES;
    }
  });
});

describe("run now", () => {
  it("sends at once without moving the schedule's next run", async () => {
    const address = `now-${tag()}@example.com`;
    const { schedule, workspace } = await dailySchedule([address], { formats: ["pdf", "csv"] });
    const { runId, done } = await runNow(workspace.id, schedule.id);
    expect(await done).toBe("succeeded");
    const run = await db.scheduleRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.trigger).toBe("manual");
    const [email] = resend.deliveredTo(address);
    expect(email.attachments.map((a) => a.filename.split(".").pop()).sort()).toEqual(["csv", "pdf"]);
    const after = await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
    expect(after.nextRunAt!.toISOString()).toBe(schedule.nextRunAt);
    await expect(runNow(workspace.id, "missing")).rejects.toThrow(/not found/);
  });

  it("skips an empty report when asked to, and sends nothing", async () => {
    const address = `empty-${tag()}@example.com`;
    const t = await scratchWorkspace({ timezone: "America/New_York" });
    const alerts = await t.report("alerts");
    const schedule = await createSchedule(t.workspace.id, t.people.owner.email, {
      name: "Empty",
      reportId: alerts.id,
      cron: "0 9 * * *",
      formats: ["pdf"],
      delivery: "attachment",
      recipients: [address],
      subjectTemplate: "x",
      skipIfEmpty: true,
      active: true,
    });
    const { runId, done } = await runNow(t.workspace.id, schedule.id);
    expect(await done).toBe("skipped");
    expect(await db.scheduleRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
      rowCount: 0,
      exportJobIds: "[]",
    });
    expect(resend.requests.filter((r) => r.to.includes(address))).toHaveLength(0);
  });
});
