import { searchParams, withWorkspace } from "@/lib/api/handler";
import { connection } from "@/lib/db/connection";
import { fieldValues, fieldValuesQuery } from "@/lib/reports/field-values";

/** Distinct values of a text field in this workspace, to suggest as filter values. */
export const GET = withWorkspace<{ dataset: string; field: string }>(async (req, { workspace, role, params }) => {
  const query = fieldValuesQuery.parse(searchParams(req));
  return Response.json(
    await fieldValues(connection(), { workspaceId: workspace.id, role }, params.dataset, params.field, query),
  );
});
