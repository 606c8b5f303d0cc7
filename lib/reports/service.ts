import "server-only";
import { notFound } from "../errors";
import { db } from "../db";
import type { Role } from "../roles";
import { checkDefinition } from "./check";
import { assertMayFilterSensitive } from "./redaction";
import { definitionSchema, type ReportDefinition } from "./definition";
import { REPORT_TEMPLATES, TEMPLATES_VERSION } from "./templates";
import type { ReportDetail, ReportSummary } from "./types";

interface ReportRecord {
  id: string;
  name: string;
  description: string;
  dataset: string;
  definition: string;
  templateKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function summary(r: ReportRecord): ReportSummary {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    dataset: r.dataset,
    templateKey: r.templateKey,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function detail(r: ReportRecord): ReportDetail {
  return { ...summary(r), definition: definitionSchema.parse(JSON.parse(r.definition)) };
}

export async function listReports(workspaceId: string, query = ""): Promise<ReportSummary[]> {
  const q = query.trim().toLowerCase();
  const rows = await db.report.findMany({ where: { workspaceId }, orderBy: [{ updatedAt: "desc" }, { id: "asc" }] });
  // Filtered here so the search is case-insensitive on both databases alike.
  return rows
    .filter((r) => !q || r.name.toLowerCase().includes(q) || r.description.toLowerCase().includes(q))
    .map(summary);
}

/** A report of this workspace, or 404 (also for other workspaces' ids). */
export async function getReport(workspaceId: string, id: string): Promise<ReportDetail> {
  const row = await db.report.findFirst({ where: { id, workspaceId } });
  if (!row) throw notFound("Report");
  return detail(row);
}

export interface ReportInput {
  name: string;
  description?: string;
  definition: unknown;
}

function validated(definition: unknown, timezone: string): ReportDefinition {
  return checkDefinition(definition, { timezone }).definition;
}

export async function createReport(
  workspaceId: string,
  timezone: string,
  input: ReportInput,
  createdBy: string,
  role?: Role,
): Promise<ReportDetail> {
  const definition = validated(input.definition, timezone);
  if (role) assertMayFilterSensitive(role, definition);
  const row = await db.report.create({
    data: {
      workspaceId,
      name: input.name,
      description: input.description ?? "",
      dataset: definition.dataset,
      definition: JSON.stringify(definition),
      createdBy,
    },
  });
  return detail(row);
}

export async function updateReport(
  workspaceId: string,
  timezone: string,
  id: string,
  input: Partial<ReportInput>,
  role?: Role,
): Promise<ReportDetail> {
  const existing = await getReport(workspaceId, id);
  const definition = input.definition === undefined ? undefined : validated(input.definition, timezone);
  if (definition && role) assertMayFilterSensitive(role, definition, existing.definition);
  const { count } = await db.report.updateMany({
    where: { id, workspaceId },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(definition ? { dataset: definition.dataset, definition: JSON.stringify(definition) } : {}),
    },
  });
  if (count === 0) throw notFound("Report");
  return getReport(workspaceId, id);
}

/** Deletes a report; returns its name for the audit trail. */
export async function deleteReport(workspaceId: string, id: string): Promise<{ name: string }> {
  const report = await db.report.findFirst({ where: { id, workspaceId }, select: { name: true } });
  const { count } = await db.report.deleteMany({ where: { id, workspaceId } });
  if (!report || count === 0) throw notFound("Report");
  return report;
}

export async function duplicateReport(workspaceId: string, id: string, createdBy: string): Promise<ReportDetail> {
  const source = await getReport(workspaceId, id);
  const row = await db.report.create({
    data: {
      workspaceId,
      name: `Copy of ${source.name}`.slice(0, 200),
      description: source.description,
      dataset: source.dataset,
      definition: JSON.stringify(source.definition),
      createdBy,
    },
  });
  return detail(row);
}

/**
 * Gives a workspace the built-in templates it has not had yet. A template a user deleted
 * stays deleted: each version of the list is handed out once.
 */
export async function ensureTemplates(workspaceId: string): Promise<number> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId } });
  if (!workspace || workspace.templatesVersion >= TEMPLATES_VERSION) return 0;
  const existing = new Set(
    (
      await db.report.findMany({ where: { workspaceId, templateKey: { not: null } }, select: { templateKey: true } })
    ).map((r) => r.templateKey),
  );
  let created = 0;
  for (const t of REPORT_TEMPLATES) {
    if (existing.has(t.key)) continue;
    const definition = definitionSchema.parse(t.definition);
    await db.report.create({
      data: {
        workspaceId,
        name: t.name,
        description: t.description,
        dataset: definition.dataset,
        definition: JSON.stringify(definition),
        templateKey: t.key,
      },
    });
    created++;
  }
  await db.workspace.update({ where: { id: workspaceId }, data: { templatesVersion: TEMPLATES_VERSION } });
  return created;
}

export async function ensureTemplatesEverywhere(): Promise<number> {
  const workspaces = await db.workspace.findMany({
    where: { templatesVersion: { lt: TEMPLATES_VERSION } },
    select: { id: true },
  });
  let created = 0;
  for (const w of workspaces) created += await ensureTemplates(w.id);
  return created;
}
