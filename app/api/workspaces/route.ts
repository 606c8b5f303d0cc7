import { withUser } from "@/lib/api/handler";
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
