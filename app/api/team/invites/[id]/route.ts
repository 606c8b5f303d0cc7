import { withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { revokeInvite } from "@/lib/team/team";

/** Withdraws a pending invite: its link stops working. */
export const DELETE = withWorkspace<{ id: string }>(
  async (req, { workspace, user, params }) => {
    const invite = await revokeInvite(workspace.id, params.id);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "invite.revoked",
      entity: `invite:${invite.id}`,
      ip: requestIp(req),
      details: { email: invite.email },
    });
    return Response.json({ invite });
  },
  { role: "admin" },
);
