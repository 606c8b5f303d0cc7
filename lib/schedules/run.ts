import "server-only";
import { createElement } from "react";
import { ApiError } from "../errors";
import { appUrl } from "../app-url";
import { db } from "../db";
import { connection, type Connection } from "../db/connection";
import { EmailError, sendEmail, type EmailAttachment } from "../email/send";
import { NoticeEmail, renderEmail, ReportEmail } from "../email/report-email";
import { signExportLink } from "../exports/signed-links";
import { exportStorage } from "../exports/storage";
import { CONTENT_TYPE, type ExportFormat, type ExportRow } from "../exports/types";
import { runJob } from "../exports/worker";
import { logEvent } from "../log";
import { deriveKpis, type Kpi } from "../pdf/kpis";
import { PDF_TABLE_ROW_CAP } from "../pdf/render-report";
import { checkDefinition, type CheckedReport } from "../reports/check";
import { countReport, streamReport } from "../reports/engine";
import { assertSumsInBounds } from "../reports/sum-bounds";
import { localDate } from "../time/zone";
import { deferRun, RunDeferred, takeExportSlot } from "./export-budget";
import { parseList } from "./service";
import type { DeliveryStatus, RunStatus, ScheduleFormat } from "./types";

/** Limits and timings; each can be changed with the environment variable named beside it. */
export function runSettings() {
  const n = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    /** CHARTROOM_EMAIL_SEND_ATTEMPTS: tries per recipient within one run attempt. */
    sendAttempts: Math.max(1, n("CHARTROOM_EMAIL_SEND_ATTEMPTS", 3)),
    /** CHARTROOM_EMAIL_BACKOFF_MS: first wait between those tries; doubles, with jitter. */
    sendBackoffMs: n("CHARTROOM_EMAIL_BACKOFF_MS", 500),
    /** CHARTROOM_SCHEDULE_RUN_ATTEMPTS: run attempts before a run is failed for good. */
    runAttempts: Math.max(1, n("CHARTROOM_SCHEDULE_RUN_ATTEMPTS", 4)),
    /** CHARTROOM_SCHEDULE_RETRY_MS: wait before a run's second attempt; doubles, with jitter. */
    runRetryMs: n("CHARTROOM_SCHEDULE_RETRY_MS", 60_000),
    /** CHARTROOM_SCHEDULE_PAUSE_AFTER: failed runs in a row that pause a schedule. */
    pauseAfter: Math.max(1, n("CHARTROOM_SCHEDULE_PAUSE_AFTER", 3)),
    /** CHARTROOM_EMAIL_ATTACHMENT_MAX_BYTES: above this, files go out as signed links. */
    attachmentMaxBytes: n("CHARTROOM_EMAIL_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024),
  };
}

const HEARTBEAT_MS = 10_000;

/** A failure of a whole run attempt; `transient` ones are attempted again later. */
class RunFailure extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}

const jitter = (ms: number) => Math.round(ms * (0.5 + Math.random()));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readStored(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await exportStorage().open(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function formatPeriod(from: string, to: string, timezone: string): string {
  const fmt = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
  const a = fmt.format(new Date(`${from}T00:00:00Z`));
  const b = fmt.format(new Date(`${to}T00:00:00Z`));
  return `${from === to ? a : `${a} – ${b}`} (${timezone})`;
}

/** Subject placeholders: {{report}}, {{schedule}}, {{workspace}}, {{date}}, {{from}}, {{to}}. */
export function renderSubject(template: string, values: Record<string, string>): string {
  const subject = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
  // Line breaks in a subject would be header injection; collapse them.
  return subject.replace(/[\r\n]+/g, " ").slice(0, 250);
}

type RunRecord = NonNullable<Awaited<ReturnType<typeof loadRun>>>;

function loadRun(runId: string) {
  return db.scheduleRun.findUnique({
    where: { id: runId },
    include: { schedule: { include: { report: true, workspace: true } } },
  });
}

/** The report as of the occurrence, with its range fixed, so every attempt exports the same period. */
function reportFor(run: RunRecord): { checked: CheckedReport; definition: unknown } {
  const { schedule } = run;
  const checked = checkDefinition(JSON.parse(schedule.report.definition), {
    timezone: schedule.workspace.timezone,
    now: run.scheduledFor.getTime(),
  });
  const definition = { ...checked.definition, timeRange: { type: "absolute", from: checked.range.from, to: checked.range.to } };
  const fixed = checkDefinition(definition, { timezone: schedule.workspace.timezone });
  fixed.redaction = "masked";
  return { checked: fixed, definition };
}

async function headline(conn: Connection, checked: CheckedReport, workspaceId: string): Promise<{ total: number; kpis: Kpi[] }> {
  await assertSumsInBounds(conn, checked, workspaceId);
  const total = await countReport(conn, checked, workspaceId);
  const rows: ExportRow[] = [];
  // The same rows the PDF draws its KPI tiles from, so e-mail and PDF agree.
  for await (const batch of streamReport(conn, checked, workspaceId)) {
    rows.push(...batch.slice(0, PDF_TABLE_ROW_CAP - rows.length));
    if (rows.length >= PDF_TABLE_ROW_CAP) break;
  }
  return { total, kpis: deriveKpis(checked.columns, rows, Math.min(total, checked.definition.limit)) };
}

/** Exports the run still needs; finished ones from an earlier attempt are reused, not redone. */
async function ensureExports(run: RunRecord, definition: unknown, rowCount: number, conn: Connection, instanceId: string) {
  const { schedule } = run;
  const formats = parseList<ScheduleFormat>(schedule.formats);
  const earlierIds = parseList<string>(run.exportJobIds);
  const earlier = earlierIds.length
    ? await db.exportJob.findMany({ where: { id: { in: earlierIds }, workspaceId: run.workspaceId, status: "succeeded" } })
    : [];
  const jobs = [];
  for (const format of formats) {
    const done = earlier.find((j) => j.format === format);
    if (done) {
      jobs.push(done);
      continue;
    }
    try {
      await takeExportSlot(run.workspaceId);
    } catch (error) {
      // Exports finished so far are kept for the deferred attempt.
      await db.scheduleRun.update({ where: { id: run.id }, data: { rowCount, exportJobIds: JSON.stringify(jobs.map((j) => j.id)) } });
      throw error;
    }
    const now = new Date();
    const job = await db.exportJob.create({
      data: {
        workspaceId: run.workspaceId,
        reportId: schedule.reportId,
        reportName: schedule.report.name,
        definition: JSON.stringify(definition),
        // E-mails leave the workspace: sensitive fields always go out pseudonymised.
        options: JSON.stringify({ template: "detailed", redaction: "masked" }),
        format,
        status: "running",
        createdBy: `schedule:${schedule.name}`,
        workerId: instanceId,
        attempts: 1,
        rowCount: 0,
        startedAt: now,
        heartbeatAt: now,
        scheduleRunId: run.id,
      },
    });
    await runJob(job, conn, instanceId);
    const finished = await db.exportJob.findUnique({ where: { id: job.id } });
    if (finished?.status !== "succeeded" || !finished.storageKey) {
      await db.scheduleRun.update({ where: { id: run.id }, data: { rowCount, exportJobIds: JSON.stringify(jobs.map((j) => j.id)) } });
      throw new RunFailure(`The ${format.toUpperCase()} export failed: ${finished?.errorMessage ?? "it did not finish"}`, true);
    }
    jobs.push(finished);
  }
  await db.scheduleRun.update({ where: { id: run.id }, data: { rowCount, exportJobIds: JSON.stringify(jobs.map((j) => j.id)) } });
  return jobs;
}

/** One delivery row per recipient; on a later attempt the existing rows (and their outcomes) stand. */
async function ensureDeliveries(run: RunRecord) {
  const recipients = parseList<string>(run.schedule.recipients);
  const existing = run.attempts > 1 ? await db.delivery.findMany({ where: { runId: run.id } }) : [];
  const missing = recipients.filter((r) => !existing.some((d) => d.recipient === r));
  if (missing.length === 0) return existing;
  const created = await db.delivery.createManyAndReturn({
    data: missing.map((recipient) => ({ runId: run.id, workspaceId: run.workspaceId, recipient, idempotencyKey: `${run.id}:${recipient}` })),
  });
  return [...existing, ...created];
}

type DeliveryRecord = Awaited<ReturnType<typeof ensureDeliveries>>[number];

/** Sends to one recipient with in-run retries for transient failures; never twice once sent. */
async function deliver(
  delivery: DeliveryRecord,
  email: { subject: string; html: string; text: string; attachments: EmailAttachment[]; secretLinks: string[] },
  workspaceId: string,
): Promise<DeliveryStatus> {
  const settings = runSettings();
  let attempts = delivery.attempts;
  for (let attempt = 1; attempt <= settings.sendAttempts; attempt++) {
    attempts += 1;
    try {
      const sent = await sendEmail({ workspaceId, to: delivery.recipient, idempotencyKey: delivery.idempotencyKey, ...email });
      await db.delivery.update({
        where: { id: delivery.id },
        data: { status: "sent", attempts, providerId: sent.id, sentAt: new Date(), lastError: null },
      });
      logEvent("delivery.sent", { delivery: delivery.id, run: delivery.runId, attempts, transport: sent.transport });
      return "sent";
    } catch (error) {
      const transient = error instanceof EmailError ? error.transient : true;
      const message = (error as Error).message.slice(0, 500);
      const last = !transient || attempt === settings.sendAttempts;
      await db.delivery.update({
        where: { id: delivery.id },
        data: { status: transient ? "failed" : "rejected", attempts, lastError: message },
      });
      logEvent(
        last ? "delivery.failed" : "delivery.retry",
        { delivery: delivery.id, run: delivery.runId, attempt: attempts, transient, status: (error as EmailError).status ?? null, error: message },
        "warn",
      );
      if (!transient) return "rejected";
      if (last) return "failed";
      await sleep(jitter(settings.sendBackoffMs * 2 ** (attempt - 1)));
    }
  }
  return "failed";
}

async function compose(run: RunRecord, checked: CheckedReport, kpis: Kpi[], rowCount: number, jobs: Awaited<ReturnType<typeof ensureExports>>) {
  const { schedule } = run;
  const workspace = schedule.workspace;
  const settings = runSettings();
  const totalBytes = jobs.reduce((sum, j) => sum + (j.byteSize ?? 0), 0);
  const attach = schedule.delivery === "attachment" && totalBytes <= settings.attachmentMaxBytes;
  const attachments: EmailAttachment[] = [];
  const links: { label: string; url: string; expires: string }[] = [];
  if (attach) {
    for (const job of jobs) {
      const name = job.storageKey!.split("/").pop()!;
      attachments.push({ filename: name, contentType: CONTENT_TYPE[job.format as ExportFormat], content: await readStored(job.storageKey!) });
    }
  } else {
    for (const job of jobs) {
      const link = await signExportLink(job.id, 24 * 3600);
      const expires = link.expiresAt.toISOString().replace("T", " ").slice(0, 16) + " UTC";
      links.push({ label: `${job.format.toUpperCase()} (${Math.max(1, Math.round((job.byteSize ?? 0) / 1024)).toLocaleString("en-US")} KB)`, url: `${appUrl()}${link.path}`, expires });
    }
  }
  const note =
    schedule.delivery === "attachment" && !attach
      ? `The files are larger than the ${Math.round(settings.attachmentMaxBytes / 1048576)} MB attachment limit, so they are sent as links.`
      : undefined;
  const { html, text } = await renderEmail(
    createElement(ReportEmail, {
      workspace: { name: workspace.name, brandColor: workspace.brandColor },
      scheduleName: schedule.name,
      reportName: schedule.report.name,
      period: formatPeriod(checked.range.from, checked.range.to, checked.range.timezone),
      kpis,
      rowCount,
      attachments: attachments.map((a) => a.filename),
      links,
      manageUrl: `${appUrl()}/schedules?schedule=${encodeURIComponent(schedule.id)}`,
      late: run.late,
      note,
    }),
  );
  const subject = renderSubject(schedule.subjectTemplate, {
    report: schedule.report.name,
    schedule: schedule.name,
    workspace: workspace.name,
    date: localDate(schedule.timezone, run.scheduledFor.getTime()),
    from: checked.range.from,
    to: checked.range.to,
  });
  return { subject, html, text, attachments, secretLinks: links.map((l) => l.url) };
}

/**
 * Runs one claimed occurrence: report → exports → one e-mail per recipient → outcome.
 * A retry of the same run reuses its finished exports and only e-mails recipients that
 * have not received it.
 */
export async function executeRun(runId: string, instanceId: string, conn: Connection = connection()): Promise<RunStatus> {
  const run = await loadRun(runId);
  if (!run || run.claimedBy !== instanceId || run.status !== "running") return (run?.status as RunStatus) ?? "failed";
  const started = Date.now();
  const heartbeat = setInterval(() => {
    void db.scheduleRun
      .updateMany({ where: { id: run.id, claimedBy: instanceId, status: "running" }, data: { heartbeatAt: new Date() } })
      .catch(() => undefined);
  }, HEARTBEAT_MS);
  logEvent("schedule_run.start", { run: run.id, schedule: run.scheduleId, attempt: run.attempts, trigger: run.trigger, late: run.late });
  try {
    const { checked, definition } = reportFor(run);
    const { total, kpis } = await headline(conn, checked, run.workspaceId);
    const rowCount = Math.min(total, checked.definition.limit);
    if (rowCount === 0 && run.schedule.skipIfEmpty) {
      await db.scheduleRun.update({ where: { id: run.id }, data: { rowCount } });
      return await finish(run, "skipped", "The report was empty, so nothing was sent.", started);
    }
    const jobs = await ensureExports(run, definition, rowCount, conn, instanceId);
    const email = await compose(run, checked, kpis, rowCount, jobs);
    const deliveries = await ensureDeliveries(run);
    const outcomes: DeliveryStatus[] = [];
    for (const delivery of deliveries) {
      outcomes.push(delivery.status === "sent" || delivery.status === "rejected" ? (delivery.status as DeliveryStatus) : await deliver(delivery, email, run.workspaceId));
    }
    const failed = outcomes.filter((o) => o === "failed").length;
    const rejected = outcomes.filter((o) => o === "rejected").length;
    if (failed > 0) throw new RunFailure(`${failed} of ${outcomes.length} e-mails could not be sent yet.`, true);
    if (rejected === outcomes.length) return await finish(run, "failed", "Every recipient was rejected by the e-mail service.", started);
    if (rejected > 0) return await finish(run, "partial", `${rejected} of ${outcomes.length} recipients were rejected.`, started);
    return await finish(run, "succeeded", null, started);
  } catch (error) {
    if (error instanceof RunDeferred) {
      await deferRun(run, instanceId, error);
      return "retrying";
    }
    const transient = error instanceof RunFailure ? error.transient : !(error instanceof ApiError);
    const message =
      error instanceof RunFailure || error instanceof ApiError ? error.message : "The run failed unexpectedly; it will be tried again.";
    if (!(error instanceof RunFailure) && !(error instanceof ApiError)) logEvent("schedule_run.error", { run: run.id, error: String(error) }, "error");
    const settings = runSettings();
    if (transient && run.attempts < settings.runAttempts) {
      const wait = jitter(settings.runRetryMs * 2 ** (run.attempts - 1));
      await db.scheduleRun.updateMany({
        where: { id: run.id, claimedBy: instanceId, status: "running" },
        data: { status: "retrying", errorMessage: message, nextAttemptAt: new Date(Date.now() + wait) },
      });
      logEvent("schedule_run.retrying", { run: run.id, attempt: run.attempts, waitMs: wait, error: message }, "warn");
      return "retrying";
    }
    return await finish(run, "failed", message, started);
  } finally {
    clearInterval(heartbeat);
  }
}

/** Records a run's final outcome on the run and its schedule; alerts and pauses on failure. */
async function finish(run: RunRecord, status: Exclude<RunStatus, "running" | "retrying">, message: string | null, started: number): Promise<RunStatus> {
  const now = new Date();
  await db.scheduleRun.update({
    where: { id: run.id },
    data: { status, errorMessage: message, finishedAt: now, nextAttemptAt: null },
  });
  const failed = status === "failed";
  const schedule = await db.schedule.update({
    where: { id: run.scheduleId },
    data: { lastRunAt: now, lastRunStatus: status, consecutiveFailures: failed ? { increment: 1 } : 0 },
  });
  logEvent("schedule_run.end", { run: run.id, schedule: run.scheduleId, status, attempts: run.attempts, durationMs: Date.now() - started, rows: run.rowCount });
  if (failed) {
    const settings = runSettings();
    const pause = schedule.active && schedule.consecutiveFailures >= settings.pauseAfter;
    if (pause) {
      await db.schedule.update({
        where: { id: schedule.id },
        data: {
          active: false,
          nextRunAt: null,
          pausedReason: `Paused after ${schedule.consecutiveFailures} failed runs in a row. Last error: ${message ?? "unknown"}`,
        },
      });
    }
    await alertOwner(run, message ?? "The run failed.", pause);
  }
  return status;
}

/** The schedule's creator (or the workspace owners) hear about a failed run in the app and by e-mail. */
async function alertOwner(run: RunRecord, message: string, paused: boolean): Promise<void> {
  const { schedule } = run;
  const creator = await db.user.findUnique({ where: { email: schedule.createdBy } });
  const memberships = creator
    ? await db.membership.findMany({ where: { workspaceId: run.workspaceId, userId: creator.id }, include: { user: true } })
    : [];
  const recipients = memberships.length
    ? memberships.map((m) => m.user)
    : (await db.membership.findMany({ where: { workspaceId: run.workspaceId, role: "owner" }, include: { user: true } })).map((m) => m.user);
  const title = paused ? `Schedule “${schedule.name}” was paused` : `Schedule “${schedule.name}” failed`;
  const body = paused ? `${message} It was paused after repeated failures; resume it once the cause is fixed.` : message;
  const link = `/schedules?schedule=${encodeURIComponent(schedule.id)}`;
  for (const user of recipients) {
    await db.notification.create({
      data: { workspaceId: run.workspaceId, userId: user.id, kind: paused ? "schedule.paused" : "schedule.failed", title, body, link },
    });
    try {
      const { html, text } = await renderEmail(
        createElement(NoticeEmail, {
          workspace: { name: schedule.workspace.name, brandColor: schedule.workspace.brandColor },
          title,
          lines: [body, `Occurrence: ${run.scheduledFor.toISOString()}`],
          actionLabel: "Open the schedule",
          actionUrl: `${appUrl()}${link}`,
        }),
      );
      await sendEmail({ workspaceId: run.workspaceId, to: user.email, subject: title, html, text, idempotencyKey: `alert:${run.id}:${user.id}` });
    } catch (error) {
      // The in-app notification stands even when the alert e-mail cannot go out.
      logEvent("schedule_run.alert_failed", { run: run.id, error: (error as Error).message }, "warn");
    }
  }
}
