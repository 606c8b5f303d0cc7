import "server-only";
import type { z } from "zod";
import { notFound } from "../errors";
import { db } from "../db";
import { ingest } from "../ingest/ingest";
import {
  IMPORT_FIELDS,
  type createImportBody,
  type CsvImportSummary,
  type ImportChunkResult,
  type ImportDataset,
  type importChunkBody,
} from "./schemas";

const MAX_STORED_REJECTIONS = 1000;

type ImportRow = Awaited<ReturnType<typeof db.csvImport.findFirstOrThrow>>;

function summary(row: ImportRow): CsvImportSummary {
  return {
    id: row.id,
    dataset: row.dataset as ImportDataset,
    fileName: row.fileName,
    mapping: JSON.parse(row.mapping) as Record<string, string>,
    totalRows: row.totalRows,
    lastLine: row.lastLine,
    acceptedRows: row.acceptedRows,
    rejectedRows: row.rejectedRows,
    rejections: JSON.parse(row.rejections) as CsvImportSummary["rejections"],
    status: row.status === "completed" ? "completed" : "uploading",
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * CSV cells are text: numbers and epoch times become numbers, empty optional cells are left
 * out, and anything else stays text so the record schema rejects it with its own message.
 */
export function csvRecord(dataset: ImportDataset, values: Record<string, string>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of IMPORT_FIELDS[dataset].fields) {
    const cell = values[field.key]?.trim();
    if (cell === undefined || cell === "") {
      if (field.required) record[field.key] = cell;
      continue;
    }
    if ((field.type === "number" || field.type === "integer") && NUMBER.test(cell)) record[field.key] = Number(cell);
    else if (field.type === "datetime" && /^\d{10,}$/.test(cell)) record[field.key] = Number(cell);
    else record[field.key] = cell;
  }
  return record;
}

export async function createImport(
  workspaceId: string,
  input: z.output<typeof createImportBody>,
  actor: string,
): Promise<CsvImportSummary> {
  const row = await db.csvImport.create({
    data: {
      workspaceId,
      dataset: input.dataset,
      fileName: input.fileName,
      mapping: JSON.stringify(input.mapping),
      totalRows: input.totalRows ?? null,
      createdBy: actor,
    },
  });
  return summary(row);
}

export async function getImport(workspaceId: string, id: string): Promise<CsvImportSummary> {
  const row = await db.csvImport.findFirst({ where: { id, workspaceId } });
  if (!row) throw notFound("Import");
  return summary(row);
}

export async function listImports(workspaceId: string): Promise<CsvImportSummary[]> {
  const rows = await db.csvImport.findMany({ where: { workspaceId }, orderBy: { createdAt: "desc" }, take: 20 });
  return rows.map(summary);
}

/**
 * Validates and stores one chunk. Each row is stored under the client id `<importId>:<line>`,
 * so a chunk sent again (after a dropped connection) stores nothing twice and its rejected
 * lines are not counted twice. Chunks of one import are expected one after another.
 */
export async function addImportChunk(
  workspaceId: string,
  id: string,
  chunk: z.output<typeof importChunkBody>,
): Promise<ImportChunkResult> {
  const existing = await db.csvImport.findFirst({ where: { id, workspaceId } });
  if (!existing) throw notFound("Import");
  const dataset = existing.dataset as ImportDataset;
  const result = await ingest(
    dataset,
    workspaceId,
    chunk.rows.map((r) => csvRecord(dataset, r.values)),
    { clientIds: chunk.rows.map((r) => `${id}:${r.line}`) },
  );
  const rejected = result.rejected.map((r) => ({ line: chunk.rows[r.index].line, issues: r.issues }));
  const fresh = rejected.filter((r) => r.line > existing.lastLine);
  const stored = JSON.parse(existing.rejections) as CsvImportSummary["rejections"];
  const rejections = [
    ...stored,
    ...fresh.map((r) => ({ line: r.line, reason: r.issues.map((i) => `${i.path || "row"}: ${i.message}`).join("; ") })),
  ].slice(0, MAX_STORED_REJECTIONS);
  const lastLine = Math.max(existing.lastLine, ...chunk.rows.map((r) => r.line));
  const row = await db.csvImport.update({
    where: { id },
    data: {
      lastLine,
      acceptedRows: { increment: result.accepted },
      rejectedRows: { increment: fresh.length },
      rejections: JSON.stringify(rejections),
      ...(chunk.final ? { status: "completed", totalRows: lastLine - 1 } : {}),
    },
  });
  return { import: summary(row), accepted: result.accepted, duplicates: result.duplicates, rejected };
}
