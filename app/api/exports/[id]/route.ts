import { withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { deleteExportJob, findJob, jobView } from "@/lib/exports/jobs";

type Params = { id: string };

export const GET = withWorkspace<Params>(async (_req, { workspace, params }) =>
  Response.json({ export: jobView(await findJob(workspace.id, params.id)) }),
);

export const DELETE = withWorkspace<Params>(
  async (req, { workspace, params, user }) => {
    const job = await findJob(workspace.id, params.id);
    await deleteExportJob(workspace.id, params.id);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "export.deleted",
      entity: `export:${job.id}`,
      ip: requestIp(req),
      details: { report: job.reportName, reportId: job.reportId, format: job.format },
    });
    return new Response(null, { status: 204 });
  },
  { role: "member" },
);
