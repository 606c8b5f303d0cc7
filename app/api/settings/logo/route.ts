import { notFound } from "@/lib/api/errors";
import { readBytes, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { MAX_LOGO_BYTES, readLogo, removeWorkspaceLogo, setWorkspaceLogo } from "@/lib/exports/logo-store";

/** The workspace logo as an image, for the settings page; 404 when there is none. */
export const GET = withWorkspace(async (_req, { workspace }) => {
  const logo = await readLogo(workspace.logoUrl);
  if (!logo) throw notFound("Logo");
  return new Response(new Uint8Array(logo.data), {
    headers: { "Content-Type": logo.contentType, "X-Content-Type-Options": "nosniff" },
  });
});

/** Uploads the logo: the request body is the PNG or JPEG file itself; its bytes decide what it is. */
export const POST = withWorkspace(
  async (req, { workspace, user }) => {
    const bytes = await readBytes(req, MAX_LOGO_BYTES, "The logo");
    const logo = await setWorkspaceLogo(workspace.id, bytes);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "workspace.logo_updated",
      entity: `workspace:${workspace.id}`,
      ip: requestIp(req),
      details: { format: logo.format, width: logo.width, height: logo.height, bytes: bytes.length },
    });
    return Response.json({ logo: { format: logo.format, width: logo.width, height: logo.height } }, { status: 201 });
  },
  { role: "admin" },
);

export const DELETE = withWorkspace(
  async (req, { workspace, user }) => {
    const removed = await removeWorkspaceLogo(workspace.id);
    if (removed) {
      await recordAudit({
        workspaceId: workspace.id,
        actor: user.email,
        action: "workspace.logo_removed",
        entity: `workspace:${workspace.id}`,
        ip: requestIp(req),
      });
    }
    return Response.json({ removed });
  },
  { role: "admin" },
);
