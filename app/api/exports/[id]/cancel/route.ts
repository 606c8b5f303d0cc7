import { withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { cancelExportJob } from "@/lib/exports/jobs";

export const POST = withWorkspace<{ id: string }>(
  async (req, { workspace, params, user }) => {
    const job = await cancelExportJob(workspace.id, params.id);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "export.canceled",
      entity: `export:${job.id}`,
      ip: requestIp(req),
      details: { report: job.reportName, reportId: job.reportId, format: job.format },
    });
    return Response.json({ export: job });
  },
  { role: "member" },
);
