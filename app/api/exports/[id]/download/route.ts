import { withWorkspace } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { assertMayDownload, findJob } from "@/lib/exports/jobs";
import { serveExportFile } from "@/lib/exports/serve";

/** A finished export's file. Only published (complete) files are ever served. */
export const GET = withWorkspace<{ id: string }>(async (req, { workspace, params, user, role }) => {
  const job = await findJob(workspace.id, params.id);
  assertMayDownload(job, role);
  return serveExportFile(job, { actor: user.email, ip: requestIp(req) });
});
