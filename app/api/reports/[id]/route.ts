import { readJson, withWorkspace } from "@/lib/api/handler";
import { deleteReport, getReport, updateReport } from "@/lib/reports/service";
import { updateReportBody } from "@/lib/reports/requests";

type Params = { id: string };

export const GET = withWorkspace<Params>(async (_req, { workspace, params }) =>
  Response.json({ report: await getReport(workspace.id, params.id) }),
);

export const PATCH = withWorkspace<Params>(
  async (req, { workspace, params, role }) => {
    const body = updateReportBody.parse(await readJson(req));
    return Response.json({ report: await updateReport(workspace.id, workspace.timezone, params.id, body, role) });
  },
  { role: "member" },
);

export const DELETE = withWorkspace<Params>(
  async (_req, { workspace, params }) => {
    await deleteReport(workspace.id, params.id);
    return new Response(null, { status: 204 });
  },
  { role: "member" },
);
