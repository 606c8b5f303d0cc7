import { readJson, searchParams, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { createReport, listReports } from "@/lib/reports/service";
import { createReportBody, listQuery } from "@/lib/reports/requests";

export const GET = withWorkspace(async (req, { workspace }) => {
  const { q } = listQuery.parse(searchParams(req));
  return Response.json({ reports: await listReports(workspace.id, q) });
});

export const POST = withWorkspace(
  async (req, { workspace, user, role }) => {
    const body = createReportBody.parse(await readJson(req));
    const report = await createReport(workspace.id, workspace.timezone, body, user.email, role);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "report.created",
      entity: `report:${report.id}`,
      ip: requestIp(req),
      details: { name: report.name, dataset: report.dataset },
    });
    return Response.json({ report }, { status: 201 });
  },
  { role: "member" },
);
