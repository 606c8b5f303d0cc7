import { readJson, withWorkspace } from "@/lib/api/handler";
import { connection } from "@/lib/db/connection";
import { checkDefinition } from "@/lib/reports/check";
import { previewReport } from "@/lib/reports/engine";
import { previewBody } from "@/lib/reports/requests";
import { getReport } from "@/lib/reports/service";

/** Preview of a saved report (reportId) or of an unsaved definition. */
export const POST = withWorkspace(async (req, { workspace }) => {
  const body = previewBody.parse(await readJson(req));
  const definition = body.definition ?? (await getReport(workspace.id, body.reportId!)).definition;
  const report = checkDefinition(definition, { timezone: workspace.timezone });
  return Response.json(await previewReport(connection(), report, workspace.id, body.page, body.pageSize));
});
