import "server-only";
import { z } from "zod";
import type { Connection } from "../db/connection";
import { containsPattern, foldCaseSql } from "../db/fold";
import { raw, sql } from "../db/sql";
import { ApiError, notFound } from "../errors";
import { hasRole, type Role } from "../roles";
import { getDataset, getField } from "./catalog";

export const MAX_FIELD_VALUES = 100;

export const fieldValuesQuery = z.object({
  q: z.string().trim().max(200).optional().describe("Only values containing this text, ignoring the case of A–Z."),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_FIELD_VALUES)
    .default(20)
    .describe(`How many values, at most ${MAX_FIELD_VALUES}.`),
});

export interface FieldValues {
  /** Distinct values, the most frequent first. */
  values: string[];
  /** More values match than were returned: narrow the search. */
  more: boolean;
}

/**
 * The distinct values of a text dimension in one workspace, to suggest as filter values.
 * A personal field's values name people: they are offered only to those who may filter
 * that field by value (admins and owners, as assertMayFilterSensitive rules), never masked.
 */
export async function fieldValues(
  conn: Connection,
  ctx: { workspaceId: string; role: Role },
  datasetKey: string,
  fieldKey: string,
  query: z.infer<typeof fieldValuesQuery>,
): Promise<FieldValues> {
  const dataset = getDataset(datasetKey);
  if (!dataset) throw notFound("Dataset");
  const field = getField(dataset, fieldKey);
  if (!field) throw notFound("Field");
  if (field.role !== "dimension" || field.type !== "string") {
    throw new ApiError("unprocessable", `${field.label} is not a text field: there are no values to suggest.`, {
      param: "field",
    });
  }
  if (field.sensitive && !hasRole(ctx.role, "admin")) {
    throw new ApiError(
      "forbidden",
      `${field.label} identifies people: only admins and owners can filter it by value, so its values are not suggested.`,
      { param: "field" },
    );
  }
  const column = raw(`"${field.column}"`);
  const search = query.q
    ? sql` AND ${foldCaseSql(conn.provider, sql`${column}`)} LIKE ${containsPattern(query.q)} ESCAPE '\\'`
    : sql``;
  const rows = await conn.query<{ value: string }>(sql`
    SELECT ${column} AS value FROM ${raw(`"${dataset.table}"`)}
    WHERE workspace_id = ${ctx.workspaceId} AND ${column} IS NOT NULL AND ${column} <> ''${search}
    GROUP BY ${column} ORDER BY COUNT(*) DESC, ${column} ASC LIMIT ${query.limit + 1}`);
  return { values: rows.slice(0, query.limit).map((r) => String(r.value)), more: rows.length > query.limit };
}
