import { searchParams, withWorkspace } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { dashboardExportDefinition } from "@/lib/dashboard/export";
import { resolveDateRange } from "@/lib/dashboard/range";
import { exportQuery, exportResponse } from "@/lib/exports/http";
import { prepareReportExport } from "@/lib/exports/streamed";

/** The dashboard's "Download report": usage per day and event type for the chosen dates. */
export const GET = withWorkspace(async (req, { workspace, user, role }) => {
  const params = searchParams(req);
  const query = exportQuery.parse(params);
  const range = resolveDateRange(params, workspace.timezone);
  const prepared = await prepareReportExport({
    workspace,
    user,
    role,
    ip: requestIp(req),
    query,
    definition: dashboardExportDefinition(range.from, range.to),
    info: { name: "usage-summary", description: "Usage per day and event type" },
    audit: { entity: "dashboard:usage-summary", details: {} },
  });
  return exportResponse(prepared);
});
