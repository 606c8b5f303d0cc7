import { withWorkspace } from "@/lib/api/handler";
import { appUrl } from "@/lib/app-url";
import { recordAudit, requestIp } from "@/lib/audit";
import { assertMayDownload, findJob } from "@/lib/exports/jobs";
import { servableFile } from "@/lib/exports/serve";
import { signExportLink } from "@/lib/exports/signed-links";

/** How long a link made in the app stays valid. */
const LINK_TTL_SECONDS = 3600;

/** A link to a finished export that works without signing in, for an hour. */
export const POST = withWorkspace<{ id: string }>(
  async (req, { workspace, params, user, role }) => {
    const job = await findJob(workspace.id, params.id);
    assertMayDownload(job, role);
    await servableFile(job);
    const link = await signExportLink(job.id, LINK_TTL_SECONDS);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "export.link_created",
      entity: `export:${job.id}`,
      ip: requestIp(req),
      details: { report: job.reportName, format: job.format, expiresAt: link.expiresAt.toISOString() },
    });
    return Response.json({ url: `${appUrl(req.nextUrl.origin)}${link.path}`, expiresAt: link.expiresAt.toISOString() });
  },
  { role: "viewer" },
);
