import { withWorkspace } from "@/lib/api/handler";
import { appUrl } from "@/lib/app-url";
import { recordAudit, requestIp } from "@/lib/audit";
import { reissueInviteLink } from "@/lib/team/team";

/** "Copy invite link": a fresh link for a pending invite; the one e-mailed before stops working. */
export const POST = withWorkspace<{ id: string }>(
  async (req, { workspace, user, role, params }) => {
    const { invite, token } = await reissueInviteLink(
      workspace.id,
      { id: user.id, email: user.email, role },
      params.id,
    );
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "invite.link_issued",
      entity: `invite:${invite.id}`,
      ip: requestIp(req),
      details: { email: invite.email, role: invite.role },
    });
    return Response.json({ invite, url: new URL(`/invite/${token}`, appUrl()).toString() });
  },
  { role: "admin" },
);
