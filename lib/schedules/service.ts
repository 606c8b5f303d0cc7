import "server-only";
import { z } from "zod";
import { ApiError, notFound, type ErrorIssue } from "../errors";
import { config } from "../config";
import { db } from "../db";
import { headerString } from "../email/header-text";
import { displayTimeZone } from "../time/zone-names";
import { cronProblem, describeCron, nextRunAfter, nextRuns, timezoneProblem } from "./cron";
import { destinationLabel } from "./deliver-destination";
import {
  destinationProblems,
  destinationsField,
  destinationView,
  saveDestinations,
  type DestinationInput,
  type DestinationRecord,
} from "./destinations";
import {
  DEFAULT_SUBJECT,
  DELIVERY_MODES,
  SCHEDULE_FORMATS,
  type DeliveryKind,
  type DeliveryMode,
  type DeliveryStatus,
  type RunStatus,
  type RunTrigger,
  type RunView,
  type ScheduleFormat,
  type ScheduleView,
} from "./types";

const fields = {
  name: z.string().trim().min(1).max(120),
  reportId: z.string().min(1).max(64),
  cron: z.string().trim().min(1).max(120),
  timezone: z.string().trim().min(1).max(64),
  formats: z.array(z.enum(SCHEDULE_FORMATS)).min(1).max(SCHEDULE_FORMATS.length),
  delivery: z.enum(DELIVERY_MODES),
  // May be empty when the schedule has a bucket or webhook to deliver to.
  recipients: z
    .array(headerString().trim().max(254))
    // Read when a body is checked, not when the module loads (see lib/config.ts).
    .refine((list) => list.length <= config().runs.maxRecipients, {
      error: () => `Too big: expected array to have <=${config().runs.maxRecipients} items`,
    }),
  subjectTemplate: headerString().trim().min(1).max(200),
  skipIfEmpty: z.boolean(),
  active: z.boolean(),
  destinations: destinationsField,
};

export const createScheduleBody = z.object({
  ...fields,
  timezone: fields.timezone.optional(),
  delivery: fields.delivery.default("attachment"),
  subjectTemplate: fields.subjectTemplate.default(DEFAULT_SUBJECT),
  skipIfEmpty: fields.skipIfEmpty.default(false),
  active: fields.active.default(true),
  destinations: fields.destinations.default([]),
});
export const updateScheduleBody = z.object(fields).partial();
export const previewScheduleBody = z.object({
  cron: fields.cron,
  timezone: fields.timezone,
  count: z.number().int().min(1).max(20).default(5),
});

export type CreateScheduleInput = Omit<z.infer<typeof createScheduleBody>, "destinations"> & {
  destinations?: DestinationInput[];
};
export type UpdateScheduleInput = z.infer<typeof updateScheduleBody>;

// Deliberately plain: one @, no spaces, a dot in the domain. The mail service is the final judge.
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]{2,}$/;

type ScheduleRecord = NonNullable<Awaited<ReturnType<typeof db.schedule.findFirst>>> & {
  report?: { name: string } | null;
  destinations?: DestinationRecord[];
};

const withDetails = {
  report: { select: { name: true } },
  destinations: { orderBy: { createdAt: "asc" as const } },
};

/** Signing secrets of webhooks created by this request: shown once, never again. */
export type NewSecrets = { destinationId: string; secret: string }[];

/** A JSON-array column (formats, recipients, export ids) as an array; anything else as empty. */
export function parseList<T>(json: string): T[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? (value as T[]) : [];
}

export function scheduleView(s: ScheduleRecord): ScheduleView {
  return {
    id: s.id,
    name: s.name,
    reportId: s.reportId,
    reportName: s.report?.name ?? "",
    cron: s.cron,
    timezone: displayTimeZone(s.timezone),
    description: describeCron(s.cron),
    formats: parseList<ScheduleFormat>(s.formats),
    delivery: s.delivery as DeliveryMode,
    recipients: parseList<string>(s.recipients),
    destinations: (s.destinations ?? []).map(destinationView),
    subjectTemplate: s.subjectTemplate,
    skipIfEmpty: s.skipIfEmpty,
    active: s.active,
    pausedReason: s.pausedReason,
    consecutiveFailures: s.consecutiveFailures,
    nextRunAt: s.nextRunAt?.toISOString() ?? null,
    lastRunAt: s.lastRunAt?.toISOString() ?? null,
    lastRunStatus: s.lastRunStatus,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

function allowedDomains(setting: string): string[] {
  return setting
    .split(",")
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
}

/** Meaning checks the structure cannot express; every problem is listed, each naming its field. */
async function checkMeaning(
  workspace: { id: string; allowedEmailDomains: string },
  input: Partial<{
    cron: string;
    timezone: string;
    recipients: string[];
    reportId: string;
    destinations: DestinationInput[];
  }>,
  existing: { recipients: string[]; destinations: DestinationRecord[] } = { recipients: [], destinations: [] },
): Promise<void> {
  const issues: ErrorIssue[] = [];
  const recipients = input.recipients ?? existing.recipients;
  const destinations = input.destinations ?? existing.destinations;
  if (recipients.length === 0 && destinations.length === 0)
    issues.push({ path: "recipients", message: "Give at least one recipient, bucket or webhook." });
  if (input.destinations) issues.push(...destinationProblems(input.destinations, existing.destinations));
  if (input.cron !== undefined) {
    const problem = cronProblem(input.cron);
    if (problem) issues.push({ path: "cron", message: problem });
  }
  if (input.timezone !== undefined) {
    const problem = timezoneProblem(input.timezone);
    if (problem) issues.push({ path: "timezone", message: problem });
  }
  if (input.recipients) {
    const domains = allowedDomains(workspace.allowedEmailDomains);
    input.recipients.forEach((address, i) => {
      if (!EMAIL.test(address)) {
        issues.push({ path: `recipients.${i}`, message: `"${address}" is not an e-mail address.` });
      } else if (domains.length > 0 && !domains.includes(address.split("@")[1].toLowerCase())) {
        issues.push({
          path: `recipients.${i}`,
          message: `${address} is outside this workspace's allowed domains (${domains.join(", ")}).`,
        });
      }
    });
  }
  if (input.reportId !== undefined) {
    const report = await db.report.findFirst({
      where: { id: input.reportId, workspaceId: workspace.id },
      select: { id: true },
    });
    if (!report) issues.push({ path: "reportId", message: "No such report in this workspace." });
  }
  if (issues.length > 0) {
    throw new ApiError("unprocessable", `\`${issues[0].path}\`: ${issues[0].message}`, {
      param: issues[0].path,
      issues,
    });
  }
}

const uniqueLower = (list: string[]) => [...new Set(list.map((a) => a.trim().toLowerCase()))];

async function workspaceFor(workspaceId: string) {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId } });
  if (!workspace) throw notFound("Workspace");
  return workspace;
}

export async function listSchedules(workspaceId: string): Promise<ScheduleView[]> {
  const rows = await db.schedule.findMany({
    where: { workspaceId },
    include: withDetails,
    orderBy: { createdAt: "asc" },
  });
  return rows.map(scheduleView);
}

export async function getSchedule(workspaceId: string, id: string): Promise<ScheduleView> {
  const row = await db.schedule.findFirst({ where: { id, workspaceId }, include: withDetails });
  if (!row) throw notFound("Schedule");
  return scheduleView(row);
}

export async function createSchedule(
  workspaceId: string,
  createdBy: string,
  input: CreateScheduleInput,
  now = new Date(),
): Promise<ScheduleView & { secrets: NewSecrets }> {
  const workspace = await workspaceFor(workspaceId);
  const requested = input.timezone ?? workspace.timezone;
  await checkMeaning(workspace, { ...input, timezone: requested });
  const timezone = displayTimeZone(requested);
  return db.$transaction(async (tx) => {
    const created = await tx.schedule.create({
      data: {
        workspaceId,
        reportId: input.reportId,
        name: input.name,
        cron: input.cron,
        timezone,
        formats: JSON.stringify([...new Set(input.formats)]),
        delivery: input.delivery,
        recipients: JSON.stringify(uniqueLower(input.recipients)),
        subjectTemplate: input.subjectTemplate,
        skipIfEmpty: input.skipIfEmpty,
        active: input.active,
        nextRunAt: input.active ? nextRunAfter(input.cron, timezone, now) : null,
        createdBy,
      },
    });
    const secrets = await saveDestinations(tx, created, input.destinations ?? []);
    const row = await tx.schedule.findUniqueOrThrow({ where: { id: created.id }, include: withDetails });
    return { ...scheduleView(row), secrets };
  });
}

export async function updateSchedule(
  workspaceId: string,
  id: string,
  input: UpdateScheduleInput,
  now = new Date(),
): Promise<ScheduleView & { secrets: NewSecrets }> {
  const existing = await db.schedule.findFirst({ where: { id, workspaceId }, include: { destinations: true } });
  if (!existing) throw notFound("Schedule");
  const workspace = await workspaceFor(workspaceId);
  await checkMeaning(workspace, input, {
    recipients: parseList<string>(existing.recipients),
    destinations: existing.destinations,
  });
  const cron = input.cron ?? existing.cron;
  const timezone = displayTimeZone(input.timezone ?? existing.timezone);
  const active = input.active ?? existing.active;
  const timing = input.cron !== undefined || input.timezone !== undefined || input.active !== undefined;
  return db.$transaction(async (tx) => {
    await tx.schedule.update({
      where: { id },
      data: {
        name: input.name,
        reportId: input.reportId,
        cron,
        timezone,
        formats: input.formats ? JSON.stringify([...new Set(input.formats)]) : undefined,
        delivery: input.delivery,
        recipients: input.recipients ? JSON.stringify(uniqueLower(input.recipients)) : undefined,
        subjectTemplate: input.subjectTemplate,
        skipIfEmpty: input.skipIfEmpty,
        active,
        // Resuming starts from now: occurrences missed while paused are not caught up.
        ...(timing ? { nextRunAt: active ? nextRunAfter(cron, timezone, now) : null } : {}),
        ...(active && !existing.active ? { pausedReason: null, consecutiveFailures: 0 } : {}),
      },
    });
    const secrets = input.destinations ? await saveDestinations(tx, existing, input.destinations) : [];
    const row = await tx.schedule.findUniqueOrThrow({ where: { id }, include: withDetails });
    return { ...scheduleView(row), secrets };
  });
}

export async function deleteSchedule(workspaceId: string, id: string): Promise<void> {
  const { count } = await db.schedule.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw notFound("Schedule");
}

export function previewSchedule(input: z.infer<typeof previewScheduleBody>, now = new Date()) {
  const issues: ErrorIssue[] = [];
  const cron = cronProblem(input.cron);
  if (cron) issues.push({ path: "cron", message: cron });
  const tz = timezoneProblem(input.timezone);
  if (tz) issues.push({ path: "timezone", message: tz });
  if (issues.length > 0) {
    throw new ApiError("unprocessable", `\`${issues[0].path}\`: ${issues[0].message}`, {
      param: issues[0].path,
      issues,
    });
  }
  return {
    description: describeCron(input.cron),
    timezone: displayTimeZone(input.timezone),
    nextRuns: nextRuns(input.cron, input.timezone, now, input.count).map((d) => d.toISOString()),
  };
}

export async function listRuns(workspaceId: string, scheduleId: string, limit = 50): Promise<RunView[]> {
  const schedule = await db.schedule.findFirst({ where: { id: scheduleId, workspaceId }, select: { id: true } });
  if (!schedule) throw notFound("Schedule");
  const runs = await db.scheduleRun.findMany({
    where: { scheduleId, workspaceId },
    include: {
      deliveries: {
        orderBy: [{ kind: "asc" }, { recipient: "asc" }],
        include: { destination: { select: { kind: true, settings: true } } },
      },
    },
    orderBy: { startedAt: "desc" },
    take: limit,
  });
  const jobIds = runs.flatMap((r) => parseList<string>(r.exportJobIds));
  const jobs = jobIds.length
    ? await db.exportJob.findMany({
        where: { id: { in: jobIds }, workspaceId },
        select: { id: true, format: true, status: true, byteSize: true },
      })
    : [];
  const byId = new Map(jobs.map((j) => [j.id, j]));
  return runs.map((r) => ({
    id: r.id,
    scheduledFor: r.scheduledFor.toISOString(),
    trigger: r.trigger as RunTrigger,
    late: r.late,
    status: r.status as RunStatus,
    attempts: r.attempts,
    rowCount: r.rowCount,
    errorMessage: r.errorMessage,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    exports: parseList<string>(r.exportJobIds).flatMap((id) => {
      const job = byId.get(id);
      return job
        ? [{ id: job.id, format: job.format as ScheduleFormat, status: job.status, byteSize: job.byteSize }]
        : [];
    }),
    deliveries: r.deliveries.map((d) => ({
      id: d.id,
      kind: d.kind as DeliveryKind,
      recipient: d.destination ? destinationLabel(d.destination) : d.recipient,
      detail: d.detail,
      status: d.status as DeliveryStatus,
      attempts: d.attempts,
      lastError: d.lastError,
      sentAt: d.sentAt?.toISOString() ?? null,
    })),
  }));
}
