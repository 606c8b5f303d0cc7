import { withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { retryExportJob } from "@/lib/exports/jobs";

export const POST = withWorkspace<{ id: string }>(
  async (req, { workspace, params, user, role }) => {
    const job = await retryExportJob(
      { workspaceId: workspace.id, timezone: workspace.timezone, actor: user.email, role },
      params.id,
    );
    // The retry is a new export: it is audited as created too, like any other export.
    for (const action of ["export.retried", "export.created"]) {
      await recordAudit({
        workspaceId: workspace.id,
        actor: user.email,
        action,
        entity: `export:${job.id}`,
        ip: requestIp(req),
        details: {
          report: job.reportName,
          reportId: job.reportId,
          format: job.format,
          redaction: job.redaction,
          retryOf: `export:${params.id}`,
          ...(job.choice ? { choice: job.choice } : {}),
        },
      });
    }
    return Response.json({ export: job }, { status: 202 });
  },
  { role: "member" },
);
