import { singleSearchParams, withWorkspace } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { exportResponse, reportExportQuery } from "@/lib/exports/http";
import { prepareReportExport } from "@/lib/exports/streamed";
import { getReport } from "@/lib/reports/service";

/**
 * A saved report as a file, streamed while it is generated. `from`/`to` or `preset` and
 * `columns` choose the period and fields of this file only; the saved report is unchanged.
 */
export const GET = withWorkspace<{ id: string }>(async (req, { workspace, user, params, role }) => {
  const { from, to, preset, columns, ...query } = reportExportQuery.parse(singleSearchParams(req));
  const saved = await getReport(workspace.id, params.id);
  const prepared = await prepareReportExport({
    workspace,
    user,
    role,
    ip: requestIp(req),
    query,
    definition: saved.definition,
    info: saved,
    choice: { from, to, preset, columns },
    audit: { entity: `report:${saved.id}`, details: { report: saved.name } },
  });
  return exportResponse(prepared);
});
