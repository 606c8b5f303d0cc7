import { readJson, searchParams, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { limitExports } from "@/lib/rate-limit";
import { createExportBody, createExportJob, listExportJobs, listExportsQuery } from "@/lib/exports/jobs";

export const GET = withWorkspace(async (req, { workspace }) => {
  const filter = listExportsQuery.parse(searchParams(req));
  return Response.json({ exports: await listExportJobs(workspace.id, filter) });
});

/** Queues an export and answers at once; poll GET /api/exports/:id for progress. */
export const POST = withWorkspace(
  async (req, { workspace, user, role }) => {
    const body = createExportBody.parse(await readJson(req));
    await limitExports(user.id, workspace.id);
    const job = await createExportJob(
      { workspaceId: workspace.id, timezone: workspace.timezone, actor: user.email, role },
      body,
    );
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "export.created",
      entity: `export:${job.id}`,
      ip: requestIp(req),
      details: { report: job.reportName, reportId: job.reportId, format: job.format, redaction: job.redaction },
    });
    return Response.json({ export: job }, { status: 202 });
  },
  { role: "member" },
);
