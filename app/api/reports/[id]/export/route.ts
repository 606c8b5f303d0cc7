import { searchParams, withWorkspace } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { exportQuery, exportResponse } from "@/lib/exports/http";
import { prepareReportExport } from "@/lib/exports/streamed";
import { getReport } from "@/lib/reports/service";

/** A saved report as a file, streamed while it is generated. */
export const GET = withWorkspace<{ id: string }>(async (req, { workspace, user, params, role }) => {
  const query = exportQuery.parse(searchParams(req));
  const saved = await getReport(workspace.id, params.id);
  const prepared = await prepareReportExport({
    workspace,
    user,
    role,
    ip: requestIp(req),
    query,
    definition: saved.definition,
    info: saved,
    audit: { entity: `report:${saved.id}`, details: { report: saved.name } },
  });
  return exportResponse(prepared);
});
