import { readJson, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { deleteReport, getReport, updateReport } from "@/lib/reports/service";
import { updateReportBody } from "@/lib/reports/requests";

type Params = { id: string };

export const GET = withWorkspace<Params>(async (_req, { workspace, params }) =>
  Response.json({ report: await getReport(workspace.id, params.id) }),
);

export const PATCH = withWorkspace<Params>(
  async (req, { workspace, params, role, user }) => {
    const body = updateReportBody.parse(await readJson(req));
    const report = await updateReport(workspace.id, workspace.timezone, params.id, body, role);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "report.updated",
      entity: `report:${report.id}`,
      ip: requestIp(req),
      details: { name: report.name, fields: Object.keys(body) },
    });
    return Response.json({ report });
  },
  { role: "member" },
);

export const DELETE = withWorkspace<Params>(
  async (req, { workspace, params, user }) => {
    const { name } = await deleteReport(workspace.id, params.id);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "report.deleted",
      entity: `report:${params.id}`,
      ip: requestIp(req),
      details: { name },
    });
    return new Response(null, { status: 204 });
  },
  { role: "member" },
);
