import { readJson, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { connection } from "@/lib/db/connection";
import { assertMayFilterSensitive, redactionFor } from "@/lib/reports/redaction";
import { checkDefinition } from "@/lib/reports/check";
import { previewReport } from "@/lib/reports/engine";
import { previewBody } from "@/lib/reports/requests";
import { assertSumsInBounds } from "@/lib/reports/sum-bounds";
import { getReport } from "@/lib/reports/service";

/** Preview of a saved report (reportId) or of an unsaved definition. */
export const POST = withWorkspace(async (req, { workspace, role, user }) => {
  const body = previewBody.parse(await readJson(req));
  // With both, the definition is an edited draft of the saved report.
  const saved = body.reportId ? (await getReport(workspace.id, body.reportId)).definition : undefined;
  const report = checkDefinition(body.definition ?? saved, { timezone: workspace.timezone });
  if (body.definition !== undefined) assertMayFilterSensitive(role, report.definition, saved);
  report.redaction = redactionFor(role, body.redaction);
  if (report.redaction === "raw") {
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "sensitive.raw_preview",
      entity: body.reportId ? `report:${body.reportId}` : "report:unsaved",
      ip: requestIp(req),
      details: { dataset: report.dataset.key },
    });
  }
  await assertSumsInBounds(connection(), report, workspace.id);
  return Response.json(await previewReport(connection(), report, workspace.id, body.page, body.pageSize));
});
