import "server-only";
import { createElement } from "react";
import { appUrl } from "../app-url";
import type { Connection } from "../db/connection";
import { renderEmail, ReportEmail } from "../email/report-email";
import type { EmailAttachment } from "../email/send";
import { signExportLink } from "../exports/signed-links";
import { downloadName } from "../exports/filename";
import { exportStorage } from "../exports/storage";
import { CONTENT_TYPE, type ExportFormat } from "../exports/types";
import { firstRows } from "../exports/write";
import { deriveKpis, type Kpi } from "../pdf/kpis";
import { PDF_TABLE_ROW_CAP } from "../pdf/render-report";
import { checkDefinition, type CheckedReport } from "../reports/check";
import { countReport, streamReport } from "../reports/engine";
import { assertSumsInBounds } from "../reports/sum-bounds";
import { localDate } from "../time/zone";
import type { RunRecord } from "./claim";
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

function formatPeriod(from: string, to: string, timezone: string, locale: string): string {
  const a = formatDate(from, locale);
  const b = formatDate(to, locale);
  return `${from === to ? a : `${a} – ${b}`} (${timezone})`;
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
  const total = await countReport(conn, checked, workspaceId);
  // The same rows the PDF draws its KPI tiles from, so e-mail and PDF agree.
  const rows = await firstRows(streamReport(conn, checked, workspaceId), PDF_TABLE_ROW_CAP);
  return { total, kpis: deriveKpis(checked.columns, rows, Math.min(total, checked.definition.limit), locale) };
}

export async function compose(run: RunRecord, checked: CheckedReport, kpis: Kpi[], rowCount: number, jobs: RunExports) {
  const { schedule } = run;
  const workspace = schedule.workspace;
  const settings = runSettings();
  const totalBytes = jobs.reduce((sum, j) => sum + (j.byteSize ?? 0), 0);
  const attach = schedule.delivery === "attachment" && totalBytes <= settings.attachmentMaxBytes;
  const attachments: EmailAttachment[] = [];
  const links: { label: string; url: string; expires: string }[] = [];
  if (attach) {
    for (const job of jobs) {
      const name = downloadName(job.storageKey!);
      attachments.push({
        filename: name,
        contentType: CONTENT_TYPE[job.format as ExportFormat],
        content: await readStored(job.storageKey!),
      });
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
  const { html, text } = await renderEmail(
    createElement(ReportEmail, {
      workspace: { name: workspace.name, brandColor: workspace.brandColor, locale: workspace.locale },
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
  return { subject, html, text, attachments, secretLinks: links.map((l) => l.url) };
}
