import { ApiError } from "@/lib/api/errors";
import { readJson, withUser } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { createWorkspace, createWorkspaceBody } from "@/lib/instance/workspace-creation";
import { listWorkspaces } from "@/lib/workspaces";

/** The user's workspaces; with an API key, only the key's own. */
export const GET = withUser(async (_req, { user, apiKey }) => {
  const workspaces = await listWorkspaces(user.id);
  return Response.json({
    workspaces: apiKey
      ? workspaces.filter((w) => w.id === apiKey.workspaceId).map((w) => ({ ...w, role: apiKey.role }))
      : workspaces,
  });
});

/** Creates a workspace owned by the caller, when the instance allows it (verified accounts or instance admins). */
export const POST = withUser(async (req, { user, apiKey }) => {
  if (apiKey) throw new ApiError("forbidden", "API keys act in one workspace: sign in to create a workspace.");
  const body = createWorkspaceBody.parse(await readJson(req));
  return Response.json({ workspace: await createWorkspace(user.id, body, requestIp(req)) }, { status: 201 });
});
