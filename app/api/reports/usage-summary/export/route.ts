import { searchParams, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { limitExports } from "@/lib/rate-limit";
import { connection } from "@/lib/db/connection";
import { dashboardExportDefinition } from "@/lib/dashboard/export";
import { resolveDateRange } from "@/lib/dashboard/range";
import { exportQuery, exportResponse } from "@/lib/exports/http";
import { prepareExport } from "@/lib/exports/pipeline";
import { checkDefinition } from "@/lib/reports/check";
import { redactionFor } from "@/lib/reports/redaction";

/** The dashboard's "Download report": usage per day and event type for the chosen dates. */
export const GET = withWorkspace(async (req, { workspace, user, role }) => {
  const params = searchParams(req);
  const { format, bom, template, redaction } = exportQuery.parse(params);
  const range = resolveDateRange(params, workspace.timezone);
  await limitExports(user.id, workspace.id);
  const report = checkDefinition(dashboardExportDefinition(range.from, range.to), { timezone: workspace.timezone });
  report.redaction = redactionFor(role, redaction);
  const prepared = await prepareExport(
    connection(),
    workspace.id,
    workspace,
    report,
    { name: "usage-summary", description: "Usage per day and event type" },
    { format, bom: bom === "1", template },
  );
  await recordAudit({
    workspaceId: workspace.id,
    actor: user.email,
    action: "report.exported",
    entity: "dashboard:usage-summary",
    ip: requestIp(req),
    details: { format, from: range.from, to: range.to, redaction: report.redaction },
  });
  return exportResponse(prepared);
});
