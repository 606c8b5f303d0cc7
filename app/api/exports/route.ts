import { readJson, searchParams, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { limitExports } from "@/lib/rate-limit";
import { createExportBody, createExportJob } from "@/lib/exports/jobs";
import { listExportJobs, listExportsQuery } from "@/lib/exports/history";

/** One page of the history, newest first; `nextCursor` asks for the next one. */
export const GET = withWorkspace(async (req, { workspace }) => {
  const query = listExportsQuery.parse(searchParams(req));
  return Response.json(await listExportJobs(workspace.id, query));
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
      details: {
        report: job.reportName,
        reportId: job.reportId,
        format: job.format,
        redaction: job.redaction,
        ...(job.choice ? { choice: job.choice } : {}),
      },
    });
    return Response.json({ export: job }, { status: 202 });
  },
  { role: "member" },
);
