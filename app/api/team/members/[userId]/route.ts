import { readJson, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { changeRoleBody } from "@/lib/team/schemas";
import { changeRole, removeMember } from "@/lib/team/team";

type Params = { userId: string };

/** Changes a member's role; demoting the last owner is a 409. */
export const PATCH = withWorkspace<Params>(
  async (req, { workspace, user, role, params }) => {
    const body = changeRoleBody.parse(await readJson(req));
    const { member, from } = await changeRole(
      workspace.id,
      { id: user.id, email: user.email, role },
      params.userId,
      body.role,
    );
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "member.role_changed",
      entity: `user:${member.userId}`,
      ip: requestIp(req),
      details: { email: member.email, from, to: member.role },
    });
    return Response.json({ member });
  },
  { role: "admin" },
);

/** Removes a member (admins), or leaves the workspace (anyone, for themselves); the last owner stays. */
export const DELETE = withWorkspace<Params>(async (req, { workspace, user, role, params }) => {
  const removed = await removeMember(workspace.id, { id: user.id, email: user.email, role }, params.userId);
  await recordAudit({
    workspaceId: workspace.id,
    actor: user.email,
    action: params.userId === user.id ? "member.left" : "member.removed",
    entity: `user:${params.userId}`,
    ip: requestIp(req),
    details: { email: removed.email, role: removed.role },
  });
  return Response.json({ removed: { userId: params.userId, email: removed.email } });
});
