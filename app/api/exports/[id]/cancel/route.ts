import { withWorkspace } from "@/lib/api/handler";
import { cancelExportJob } from "@/lib/exports/jobs";

export const POST = withWorkspace<{ id: string }>(
  async (_req, { workspace, params }) => Response.json({ export: await cancelExportJob(workspace.id, params.id) }),
  { role: "member" },
);
