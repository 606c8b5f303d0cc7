import { withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { rotateJoinCode } from "@/lib/team/team";

/** A new join code for the workspace; the previous one stops working. */
export const POST = withWorkspace(
  async (req, { workspace, user }) => {
    const joinCode = await rotateJoinCode(workspace.id);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "join_code.rotated",
      entity: `workspace:${workspace.id}`,
      ip: requestIp(req),
    });
    return Response.json({ joinCode });
  },
  { role: "admin" },
);
