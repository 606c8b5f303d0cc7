import "server-only";
import { createElement } from "react";
import { appUrl } from "../app-url";
import type { Connection } from "../db/connection";
import { renderEmail, ReportEmail } from "../email/report-email";
import type { EmailAttachment } from "../email/send";
import { signedExportPath, signExportLink } from "../exports/signed-links";
import { downloadName } from "../exports/filename";
import { readLogo } from "../exports/logo-store";
import { exportStorage } from "../exports/storage";
import { CONTENT_TYPE, type ExportFormat } from "../exports/types";
import { deriveKpis, type Kpi } from "../pdf/kpis";
import { checkDefinition, type CheckedReport } from "../reports/check";
import { reportTotals } from "../reports/totals";
import { assertSumsInBounds } from "../reports/sum-bounds";
import { localDate } from "../time/zone";
import type { RunRecord } from "./claim";
import type { KeyValues, RunFile } from "./destination-s3";
import type { RunExports } from "./run-exports";
import { runSettings } from "./settings";
import { formatDate } from "../format/dates";
import { formatInteger } from "../format/numbers";

// What a run sends: the report fixed to its occurrence, the headline figures and the e-mail.

async function readStored(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await exportStorage().open(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The run's files, read from export storage at most once per attempt and shared by every
 * destination (e-mail attachments, buckets), so they all get the same bytes.
 */
export function runFiles(jobs: RunExports): () => Promise<RunFile[]> {
  let read: Promise<RunFile[]> | null = null;
  return () =>
    (read ??= Promise.all(
      jobs.map(async (job) => ({
        format: job.format,
        name: downloadName(job.storageKey!),
        contentType: CONTENT_TYPE[job.format as ExportFormat],
        content: await readStored(job.storageKey!),
      })),
    ));
}

/** Values of a bucket key prefix's placeholders for this run. */
export function keyValues(run: RunRecord): KeyValues {
  const { schedule } = run;
  return {
    schedule: schedule.name,
    report: schedule.report.name,
    date: localDate(schedule.timezone, run.scheduledFor.getTime()),
  };
}

function formatPeriod(from: string, to: string, timezone: string, locale: string): string {
  const a = formatDate(from, locale);
  const b = formatDate(to, locale);
  return `${from === to ? a : `${a} – ${b}`} (${timezone})`;
}

/** The Content-ID the report e-mail's logo goes by; its HTML shows `cid:` this. */
export const LOGO_CONTENT_ID = "workspace-logo@chartroom";

/** The workspace logo as an inline part of the e-mail, or null when there is none (or it cannot be read). */
async function logoPart(logoUrl: string | null): Promise<EmailAttachment | null> {
  const logo = await readLogo(logoUrl);
  if (!logo) return null;
  return {
    filename: `logo.${logo.format}`,
    contentType: logo.contentType,
    content: logo.data,
    contentId: LOGO_CONTENT_ID,
  };
}

/** Subject placeholders: {{report}}, {{schedule}}, {{workspace}}, {{date}}, {{from}}, {{to}}. */
export function renderSubject(template: string, values: Record<string, string>): string {
  const subject = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
  // Line breaks in a subject would be header injection; collapse them.
  return subject.replace(/[\r\n]+/g, " ").slice(0, 250);
}

/** The report as of the occurrence, with its range fixed, so every attempt exports the same period. */
export function reportFor(run: RunRecord): { checked: CheckedReport; definition: unknown } {
  const { schedule } = run;
  const checked = checkDefinition(JSON.parse(schedule.report.definition), {
    timezone: schedule.workspace.timezone,
    now: run.scheduledFor.getTime(),
  });
  const definition = {
    ...checked.definition,
    timeRange: { type: "absolute", from: checked.range.from, to: checked.range.to },
  };
  const fixed = checkDefinition(definition, { timezone: schedule.workspace.timezone });
  fixed.redaction = "masked";
  return { checked: fixed, definition };
}

export async function headline(
  conn: Connection,
  checked: CheckedReport,
  workspaceId: string,
  locale?: string,
): Promise<{ total: number; kpis: Kpi[] }> {
  await assertSumsInBounds(conn, checked, workspaceId);
  // The engine's totals over the whole range and filters, as on the PDF's tiles; the
  // e-mail shows no table, so its figures need no word about rows left out.
  const totals = await reportTotals(conn, checked, workspaceId);
  return { total: totals.rows, kpis: deriveKpis({ columns: checked.columns, totals }, totals.rows, locale) };
}

export async function compose(
  run: RunRecord,
  checked: CheckedReport,
  kpis: Kpi[],
  rowCount: number,
  jobs: RunExports,
  files: () => Promise<RunFile[]>,
) {
  const { schedule } = run;
  const workspace = schedule.workspace;
  const settings = runSettings();
  const totalBytes = jobs.reduce((sum, j) => sum + (j.byteSize ?? 0), 0);
  const attach = schedule.delivery === "attachment" && totalBytes <= settings.attachmentMaxBytes;
  const attachments: EmailAttachment[] = [];
  const links: { label: string; url: string; expires: string }[] = [];
  if (attach) {
    for (const file of await files()) {
      attachments.push({ filename: file.name, contentType: file.contentType, content: file.content });
    }
  } else {
    for (const job of jobs) {
      const link = await signExportLink(job.id, 24 * 3600);
      const expires = link.expiresAt.toISOString().replace("T", " ").slice(0, 16) + " UTC";
      links.push({
        label: `${job.format.toUpperCase()} (${formatInteger(Math.max(1, Math.round((job.byteSize ?? 0) / 1024)), workspace.locale)} KB)`,
        url: `${appUrl()}${link.path}`,
        expires,
      });
    }
  }
  const note =
    schedule.delivery === "attachment" && !attach
      ? `The files are larger than the ${Math.round(settings.attachmentMaxBytes / 1048576)} MB attachment limit, so they are sent as links.`
      : undefined;
  const logo = await logoPart(workspace.logoUrl);
  const { html, text } = await renderEmail(
    createElement(ReportEmail, {
      workspace: {
        name: workspace.name,
        brandColor: workspace.brandColor,
        logo: logo && `cid:${logo.contentId}`,
        locale: workspace.locale,
      },
      scheduleName: schedule.name,
      reportName: schedule.report.name,
      period: formatPeriod(checked.range.from, checked.range.to, checked.range.timezone, workspace.locale),
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
  return {
    subject,
    html,
    text,
    attachments: logo ? [...attachments, logo] : attachments,
    secretLinks: links.map((l) => l.url),
  };
}

/**
 * The webhook's JSON body: the run, report, period, headline figures (the e-mail's KPIs)
 * and download links signed for 24 hours. The delivery id is repeated in the body for
 * receivers that log bodies rather than headers.
 */
export async function webhookEvent(
  run: RunRecord,
  checked: CheckedReport,
  kpis: Kpi[],
  rowCount: number,
  jobs: RunExports,
) {
  const { schedule } = run;
  const files: { format: string; name: string; bytes: number | null; url: string; expiresAt: string }[] = [];
  for (const job of jobs) {
    // The job is at hand: signed as signExportLink does, without reading it again.
    let expires = Math.floor((Date.now() + 24 * 3_600_000) / 1000) * 1000;
    if (job.expiresAt && job.expiresAt.getTime() < expires) expires = Math.floor(job.expiresAt.getTime() / 1000) * 1000;
    const expiresAt = new Date(expires);
    files.push({
      format: job.format,
      name: downloadName(job.storageKey!),
      bytes: job.byteSize,
      url: `${appUrl()}${signedExportPath(job, expiresAt)}`,
      expiresAt: expiresAt.toISOString(),
    });
  }
  return (deliveryId: string) => ({
    type: "schedule.run.delivered",
    timestamp: new Date().toISOString(),
    data: {
      deliveryId,
      run: {
        id: run.id,
        scheduledFor: run.scheduledFor.toISOString(),
        trigger: run.trigger,
        late: run.late,
        attempt: run.attempts,
      },
      schedule: { id: schedule.id, name: schedule.name, timezone: schedule.timezone },
      report: { id: schedule.reportId, name: schedule.report.name },
      workspace: { id: schedule.workspace.id, name: schedule.workspace.name },
      period: { from: checked.range.from, to: checked.range.to, timezone: checked.range.timezone },
      rowCount,
      headline: kpis.map((k) => ({ label: k.label, value: k.value, ...(k.detail ? { detail: k.detail } : {}) })),
      files,
    },
  });
}
