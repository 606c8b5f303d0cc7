import "server-only";
import { z } from "zod";
import { ApiError } from "../errors";
import { db } from "../db";
import { connection } from "../db/connection";
import { containsPattern, foldCaseSql } from "../db/fold";
import { join, sql, toDate } from "../db/sql";
import { jobView } from "./jobs";
import { EXPORT_FORMATS, EXPORT_STATUSES, type ExportJob } from "./types";

export const DEFAULT_HISTORY_PAGE = 50;
export const MAX_HISTORY_PAGE = 200;

export const listExportsQuery = z.object({
  status: z.enum(EXPORT_STATUSES).optional(),
  format: z.enum(EXPORT_FORMATS).optional(),
  reportId: z.string().max(64).optional().describe("Only exports of this saved report."),
  reportName: z.string().max(200).optional().describe("Only exports whose report had exactly this name."),
  createdBy: z.string().max(320).optional().describe("Only exports requested by this e-mail address."),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe("Search: report names and requesters containing this text, ignoring case."),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_HISTORY_PAGE)
    .default(DEFAULT_HISTORY_PAGE)
    .describe(`Exports per page, at most ${MAX_HISTORY_PAGE}.`),
  cursor: z
    .string()
    .max(200)
    .optional()
    .describe("The `nextCursor` of the previous page, with the same filters; a cursor not given out is a 400."),
});

export type ExportHistoryQuery = z.infer<typeof listExportsQuery>;

export interface ExportHistoryPage {
  exports: ExportJob[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

interface Position {
  createdAt: Date;
  id: string;
}

/** The position after the last row of a page: opaque to clients, so its form may change. */
function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify({ t: position.createdAt.getTime(), i: position.id })).toString("base64url");
}

function badCursor(): ApiError {
  return new ApiError("invalid_parameter", "This cursor is not one the export history gave out.", {
    param: "cursor",
  });
}

const cursorShape = z.object({ t: z.number().int().min(0).max(8.64e15), i: z.string().min(1).max(64) }).strict();

function decodeCursor(cursor: string): Position {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badCursor();
  }
  const shape = cursorShape.safeParse(parsed);
  if (!shape.success) throw badCursor();
  return { createdAt: new Date(shape.data.t), id: shape.data.i };
}

/**
 * One page of the export history, newest first. Keyset paging on (created_at, id): an export
 * created while someone pages is newer than every cursor, so it never shifts a later page.
 */
export async function listExportJobs(workspaceId: string, query: ExportHistoryQuery): Promise<ExportHistoryPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const conn = connection();
  const where = [sql`workspace_id = ${workspaceId}`];
  if (query.status) where.push(sql`status = ${query.status}`);
  if (query.format) where.push(sql`format = ${query.format}`);
  if (query.reportId) where.push(sql`report_id = ${query.reportId}`);
  if (query.reportName) where.push(sql`report_name = ${query.reportName}`);
  if (query.createdBy) where.push(sql`created_by = ${query.createdBy}`);
  if (query.q) {
    // Raw SQL because Prisma's `contains` leaves % and _ as wildcards on SQLite.
    const pattern = containsPattern(query.q);
    where.push(
      sql`(${foldCaseSql(conn.provider, sql`report_name`)} LIKE ${pattern} ESCAPE '\\'
        OR ${foldCaseSql(conn.provider, sql`created_by`)} LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  if (after) {
    where.push(sql`(created_at < ${after.createdAt} OR (created_at = ${after.createdAt} AND id < ${after.id}))`);
  }
  const rows = await conn.query<{ id: string; created_at: unknown }>(sql`
    SELECT id, created_at FROM export_jobs WHERE ${join(where, " AND ")}
    ORDER BY created_at DESC, id DESC LIMIT ${query.limit + 1}`);
  const ids = rows.slice(0, query.limit).map((r) => r.id);
  const jobs = new Map(
    (await db.exportJob.findMany({ where: { id: { in: ids }, workspaceId } })).map((j) => [j.id, j]),
  );
  // A job deleted between the two reads is simply left out of the page.
  const page = ids.flatMap((id) => jobs.get(id) ?? []);
  const now = Date.now();
  const last = rows[query.limit - 1];
  return {
    exports: page.map((j) => jobView(j, now)),
    nextCursor: rows.length > query.limit ? encodeCursor({ createdAt: toDate(last.created_at)!, id: last.id }) : null,
  };
}

export interface ExportHistoryFacets {
  reports: string[];
  people: string[];
}

/** The report names and people the workspace's history holds, for the filter menus. */
export async function exportHistoryFacets(workspaceId: string): Promise<ExportHistoryFacets> {
  const [reports, people] = await Promise.all([
    db.exportJob.groupBy({ by: ["reportName"], where: { workspaceId }, orderBy: { reportName: "asc" }, take: 500 }),
    db.exportJob.groupBy({ by: ["createdBy"], where: { workspaceId }, orderBy: { createdBy: "asc" }, take: 500 }),
  ]);
  return { reports: reports.map((r) => r.reportName), people: people.map((p) => p.createdBy) };
}
