import { withWorkspace } from "@/lib/api/handler";
import { duplicateReport } from "@/lib/reports/service";

export const POST = withWorkspace<{ id: string }>(
  async (_req, { workspace, params, user }) =>
    Response.json({ report: await duplicateReport(workspace.id, params.id, user.email) }, { status: 201 }),
  { role: "member" },
);
