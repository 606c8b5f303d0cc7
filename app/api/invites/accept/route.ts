import { readJson, withOptionalUser } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { acceptInviteBody } from "@/lib/team/schemas";
import { acceptInvite } from "@/lib/team/team";

/** Accepts an invite as the signed-in user, or with a name and password for a new account. */
export const POST = withOptionalUser(async (req, { user }) => {
  const body = acceptInviteBody.parse(await readJson(req));
  const result = await acceptInvite(body.token, user, body);
  await recordAudit({
    workspaceId: result.workspaceId,
    actor: result.email,
    action: "member.joined",
    entity: `workspace:${result.workspaceId}`,
    ip: requestIp(req),
    details: { via: "invite", role: result.role, newAccount: result.created },
  });
  return Response.json({
    workspace: { id: result.workspaceId, name: result.workspaceName },
    email: result.email,
    role: result.role,
    created: result.created,
  });
});
