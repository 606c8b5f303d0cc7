import { readJson, withWorkspace } from "@/lib/api/handler";
import { appUrl } from "@/lib/app-url";
import { recordAudit, requestIp } from "@/lib/audit";
import { limitSends } from "@/lib/rate-limit";
import { inviteByEmail } from "@/lib/team/invite-email";
import { inviteBody } from "@/lib/team/schemas";

/** Invites someone by e-mail; the link in the message is valid for 7 days and works once. */
export const POST = withWorkspace(
  async (req, { workspace, user, role }) => {
    const body = inviteBody.parse(await readJson(req));
    await limitSends(user.id, workspace.id);
    const { invite, email } = await inviteByEmail(workspace, { id: user.id, email: user.email, role }, body, appUrl());
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "member.invited",
      entity: `invite:${invite.id}`,
      ip: requestIp(req),
      details: { email: invite.email, role: invite.role },
    });
    return Response.json({ invite, email }, { status: 201 });
  },
  { role: "admin" },
);
