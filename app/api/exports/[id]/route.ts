import { withWorkspace } from "@/lib/api/handler";
import { deleteExportJob, findJob, jobView } from "@/lib/exports/jobs";

type Params = { id: string };

export const GET = withWorkspace<Params>(async (_req, { workspace, params }) =>
  Response.json({ export: jobView(await findJob(workspace.id, params.id)) }),
);

export const DELETE = withWorkspace<Params>(
  async (_req, { workspace, params }) => {
    await deleteExportJob(workspace.id, params.id);
    return new Response(null, { status: 204 });
  },
  { role: "member" },
);
