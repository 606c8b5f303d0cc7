import { withWorkspace } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { findJob } from "@/lib/exports/jobs";
import { serveExportFile } from "@/lib/exports/serve";

/** A finished export's file. Only published (complete) files are ever served. */
export const GET = withWorkspace<{ id: string }>(async (req, { workspace, params, user }) =>
  serveExportFile(await findJob(workspace.id, params.id), { actor: user.email, ip: requestIp(req) }),
);
