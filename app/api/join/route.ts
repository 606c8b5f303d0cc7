import { ApiError } from "@/lib/api/errors";
import { readJson, withUser } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { unverifiedError } from "@/lib/instance/workspace-creation";
import { joinBody } from "@/lib/team/schemas";
import { joinWithCode } from "@/lib/team/team";

/** Joins the workspace whose code this is, as a member. */
export const POST = withUser(async (req, { user, apiKey }) => {
  if (apiKey) throw new ApiError("forbidden", "API keys cannot join workspaces: sign in instead.");
  // An unconfirmed account joins with the code it signed up with, once it confirms.
  if (!user.emailVerified) throw unverifiedError();
  const { code } = joinBody.parse(await readJson(req));
  const result = await joinWithCode(user.id, code);
  if (result.joined) {
    await recordAudit({
      workspaceId: result.workspaceId,
      actor: user.email,
      action: "member.joined",
      entity: `user:${user.id}`,
      ip: requestIp(req),
      details: { via: "join_code" },
    });
  }
  return Response.json({
    workspace: { id: result.workspaceId, name: result.name },
    role: result.role,
    joined: result.joined,
  });
});
