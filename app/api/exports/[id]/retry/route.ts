import { withWorkspace } from "@/lib/api/handler";
import { retryExportJob } from "@/lib/exports/jobs";

export const POST = withWorkspace<{ id: string }>(
  async (_req, { workspace, params, user, role }) =>
    Response.json(
      {
        export: await retryExportJob(
          { workspaceId: workspace.id, timezone: workspace.timezone, actor: user.email, role },
          params.id,
        ),
      },
      { status: 202 },
    ),
  { role: "member" },
);
