import "server-only";
import { z } from "zod";
import { ApiError, notFound } from "../errors";
import { recordAudit } from "../audit";
import { db } from "../db";
import { hasRole, type Role } from "../roles";
import { connection } from "../db/connection";
import { checkDefinition } from "../reports/check";
import { assertSumsInBounds } from "../reports/sum-bounds";
import { assertMayFilterSensitive, REDACTIONS, redactionFor, type Redaction } from "../reports/redaction";
import { getReport } from "../reports/service";
import { PDF_TEMPLATES } from "../pdf/templates";
import { exportStorage } from "./storage";
import { EXPORT_FORMATS, type ExportFormat, type ExportJob, type ExportStatus } from "./types";
import {
  applyExportChoice,
  choiceShape,
  columnsList,
  hasChoice,
  pickChoice,
  refineChoice,
  type ExportChoice,
} from "./choice";

const FINAL: readonly string[] = ["succeeded", "failed", "canceled", "expired"];

export const createExportBody = z
  .object({
    reportId: z.string().min(1).max(64).optional(),
    definition: z.unknown().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    /** With a definition: the description the file shows, as a saved report's would. */
    description: z.string().max(2000).optional(),
    format: z.enum(EXPORT_FORMATS),
    options: z
      .object({
        bom: z.boolean().default(false),
        template: z.enum(PDF_TEMPLATES).default("detailed"),
        redaction: z.enum(REDACTIONS).optional(),
      })
      .default({ bom: false, template: "detailed" }),
    /** The period (`from` and `to`, or `preset`) and `columns` of this file; the report stays as saved. */
    ...choiceShape,
    columns: columnsList.optional(),
  })
  .superRefine(refineChoice)
  .refine((b) => b.reportId !== undefined || (b.definition !== undefined && b.name !== undefined), {
    error: "Send a reportId, or a definition with a name.",
    path: ["reportId"],
  });

type JobRecord = NonNullable<Awaited<ReturnType<typeof db.exportJob.findFirst>>>;

export function jobView(job: JobRecord, now = Date.now()): ExportJob {
  const done = job.rowCount ?? 0;
  const total = job.totalRows;
  const percent =
    job.status === "succeeded"
      ? 100
      : total === null
        ? null
        : total === 0
          ? 0
          : Math.min(99, Math.floor((done / total) * 100));
  let eta: number | null = null;
  if (job.status === "running" && job.startedAt && total !== null && done > 0) {
    const rate = done / Math.max(1, now - job.startedAt.getTime());
    eta = Math.max(0, Math.round((total - done) / rate / 1000));
  }
  return {
    id: job.id,
    reportId: job.reportId,
    reportName: job.reportName,
    format: job.format as ExportFormat,
    status: job.status as ExportStatus,
    rowsDone: done,
    totalRows: total,
    percent,
    etaSeconds: eta,
    byteSize: job.byteSize,
    durationMs: job.durationMs,
    createdBy: job.createdBy,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    expiresAt: job.expiresAt?.toISOString() ?? null,
    errorMessage: job.errorMessage,
    downloadUrl: job.status === "succeeded" ? `/api/exports/${job.id}/download` : null,
    redaction: jobRedaction(job),
    choice: hasChoice(jobChoice(job)) ? { ...jobChoice(job), fieldLabels: jobChoiceFields(job) } : null,
  };
}

export interface JobContext {
  workspaceId: string;
  timezone: string;
  actor: string;
  /** The caller's role decides the redaction policy; internal callers without one get what they ask for. */
  role?: Role;
}

function policyFor(ctx: JobContext, requested: Redaction | undefined): Redaction {
  return ctx.role ? redactionFor(ctx.role, requested) : (requested ?? "raw");
}

/** A file with raw sensitive values is for admins and owners only, whoever else can see the history. */
export function assertMayDownload(job: { options: string }, role: Role): void {
  if (jobRedaction(job) === "raw" && !hasRole(role, "admin")) {
    throw new ApiError(
      "forbidden",
      "This export holds raw values of sensitive fields; only admins and owners can download it.",
    );
  }
}

/** The description the file shows, as the report had it when the export was asked for. */
export function jobDescription(job: { options: string }): string {
  const options = JSON.parse(job.options) as { description?: string };
  return options.description ?? "";
}

/** The period and fields chosen for an export, as it was asked for ({} when it exports the report as it is). */
export function jobChoice(job: { options: string }): ExportChoice {
  const options = JSON.parse(job.options) as { choice?: ExportChoice };
  return options.choice ?? {};
}

/** Labels of the chosen fields when the export was asked for (absent for exports of every field). */
function jobChoiceFields(job: { options: string }): string[] | undefined {
  const options = JSON.parse(job.options) as { choiceFields?: string[] };
  return options.choiceFields;
}

/** The redaction policy an export ran (or will run) under. */
export function jobRedaction(job: { options: string }): Redaction {
  const options = JSON.parse(job.options) as { redaction?: Redaction };
  return options.redaction ?? "raw";
}

/** Queues an export. The definition is checked now, so a bad one fails here with its path, not later. */
export async function createExportJob(ctx: JobContext, input: z.infer<typeof createExportBody>): Promise<ExportJob> {
  const saved = input.reportId ? await getReport(ctx.workspaceId, input.reportId) : null;
  const source = saved ? saved.definition : input.definition;
  const checked = checkDefinition(source, { timezone: ctx.timezone });
  const { definition } = checked;
  if (!saved && ctx.role) assertMayFilterSensitive(ctx.role, definition);
  // The choice is checked now, so a bad one fails here; the job keeps the report's own
  // definition and the choice apart, so retries apply it again and the history shows it.
  const choice = pickChoice(input);
  const chosen = applyExportChoice(checked, choice, ctx.timezone);
  await assertSumsInBounds(connection(), chosen, ctx.workspaceId);
  const job = await db.exportJob.create({
    data: {
      workspaceId: ctx.workspaceId,
      reportId: saved?.id ?? null,
      reportName: saved?.name ?? input.name!,
      definition: JSON.stringify(definition),
      // The description travels with the job, like the name, so the file says what a streamed download says.
      options: JSON.stringify({
        ...input.options,
        redaction: policyFor(ctx, input.options.redaction),
        description: saved?.description ?? input.description ?? "",
        ...(hasChoice(choice) ? { choice } : {}),
        // Labels as the report had them, so the history names the fields as the file does.
        ...(choice.columns ? { choiceFields: chosen.columns.map((c) => c.label) } : {}),
      }),
      format: input.format,
      status: "queued",
      createdBy: ctx.actor,
    },
  });
  return jobView(job);
}

/**
 * The export of one scheduled run. It renders inline, inside the run that already holds
 * its lease, so it is created running and held by the run's process: it does not queue
 * for the per-workspace concurrency slots of the worker. Queued behind them, 1,000 runs
 * due at once in one workspace would wait on each other's files one slot at a time. Runs
 * still count every export against the workspace's per-minute export limit
 * (lib/schedules/export-budget.ts), and at most `concurrency` runs of a tick go at once.
 */
export async function createRunExport(input: {
  workspaceId: string;
  runId: string;
  report: { id: string; name: string; description: string };
  createdBy: string;
  definition: unknown;
  format: ExportFormat;
  instanceId: string;
}): Promise<JobRecord> {
  const now = new Date();
  const job = await db.exportJob.create({
    data: {
      workspaceId: input.workspaceId,
      reportId: input.report.id,
      reportName: input.report.name,
      definition: JSON.stringify(input.definition),
      // E-mails leave the workspace: sensitive fields always go out pseudonymised.
      options: JSON.stringify({ template: "detailed", redaction: "masked", description: input.report.description }),
      format: input.format,
      status: "running",
      createdBy: input.createdBy,
      workerId: input.instanceId,
      attempts: 1,
      rowCount: 0,
      startedAt: now,
      heartbeatAt: now,
      scheduleRunId: input.runId,
    },
  });
  // Files a schedule makes leave the workspace by e-mail: audited like any export someone asks for.
  await recordAudit({
    workspaceId: input.workspaceId,
    actor: input.createdBy,
    action: "export.created",
    entity: `export:${job.id}`,
    details: {
      report: input.report.name,
      reportId: input.report.id,
      format: input.format,
      redaction: "masked",
      scheduleRun: input.runId,
    },
  });
  return job;
}

export async function findJob(workspaceId: string, id: string): Promise<JobRecord> {
  const job = await db.exportJob.findFirst({ where: { id, workspaceId } });
  if (!job) throw notFound("Export");
  return job;
}

/** A queued export stops at once; a running one at its next batch (the worker checks). */
export async function cancelExportJob(workspaceId: string, id: string): Promise<ExportJob> {
  const job = await findJob(workspaceId, id);
  if (FINAL.includes(job.status)) throw new ApiError("conflict", `This export has already ${job.status}.`);
  const now = new Date();
  await db.exportJob.updateMany({
    where: { id, workspaceId, status: "queued" },
    data: { status: "canceled", cancelRequested: true, finishedAt: now },
  });
  await db.exportJob.updateMany({ where: { id, workspaceId, status: "running" }, data: { cancelRequested: true } });
  return jobView(await findJob(workspaceId, id));
}

/** A new export with the same report, format and options as a finished one. */
export async function retryExportJob(ctx: JobContext, id: string): Promise<ExportJob> {
  const job = await findJob(ctx.workspaceId, id);
  if (!FINAL.includes(job.status)) throw new ApiError("conflict", "This export is still in progress.");
  const copy = await db.exportJob.create({
    data: {
      workspaceId: ctx.workspaceId,
      reportId: job.reportId,
      reportName: job.reportName,
      definition: job.definition,
      // A retry runs under the policy of whoever asks for it now.
      options: JSON.stringify({ ...JSON.parse(job.options), redaction: policyFor(ctx, jobRedaction(job)) }),
      format: job.format,
      status: "queued",
      createdBy: ctx.actor,
    },
  });
  return jobView(copy);
}

export async function deleteExportJob(workspaceId: string, id: string): Promise<void> {
  const job = await findJob(workspaceId, id);
  // A running export notices the missing row at its next batch and discards its file.
  await db.exportJob.deleteMany({ where: { id, workspaceId } });
  if (job.storageKey) await exportStorage().remove(job.storageKey);
}
