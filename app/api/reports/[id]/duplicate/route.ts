import { withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { duplicateReport } from "@/lib/reports/service";

export const POST = withWorkspace<{ id: string }>(
  async (req, { workspace, params, user }) => {
    const report = await duplicateReport(workspace.id, params.id, user.email);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "report.duplicated",
      entity: `report:${report.id}`,
      ip: requestIp(req),
      details: { name: report.name, source: `report:${params.id}` },
    });
    return Response.json({ report }, { status: 201 });
  },
  { role: "member" },
);
