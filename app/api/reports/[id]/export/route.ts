import { searchParams, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { limitExports } from "@/lib/rate-limit";
import { connection } from "@/lib/db/connection";
import { exportQuery, exportResponse } from "@/lib/exports/http";
import { prepareExport } from "@/lib/exports/pipeline";
import { checkDefinition } from "@/lib/reports/check";
import { redactionFor } from "@/lib/reports/redaction";
import { getReport } from "@/lib/reports/service";

/** A saved report as a file, streamed while it is generated. */
export const GET = withWorkspace<{ id: string }>(async (req, { workspace, user, params, role }) => {
  const { format, bom, template, redaction } = exportQuery.parse(searchParams(req));
  const saved = await getReport(workspace.id, params.id);
  await limitExports(user.id, workspace.id);
  const report = checkDefinition(saved.definition, { timezone: workspace.timezone });
  report.redaction = redactionFor(role, redaction);
  const prepared = await prepareExport(connection(), workspace.id, workspace, report, saved, {
    format,
    bom: bom === "1",
    template,
  });
  await recordAudit({
    workspaceId: workspace.id,
    actor: user.email,
    action: "report.exported",
    entity: `report:${saved.id}`,
    ip: requestIp(req),
    details: { format, report: saved.name, from: report.range.from, to: report.range.to, redaction: report.redaction },
  });
  return exportResponse(prepared);
});
