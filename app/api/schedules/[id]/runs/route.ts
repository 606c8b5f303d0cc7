import { withWorkspace } from "@/lib/api/handler";
import { listRuns } from "@/lib/schedules/service";

export const GET = withWorkspace<{ id: string }>(async (_req, { workspace, params }) =>
  Response.json({ runs: await listRuns(workspace.id, params.id) }),
);
