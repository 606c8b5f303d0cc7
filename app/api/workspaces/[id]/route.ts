import { notFound } from "@/lib/api/errors";
import { withUser } from "@/lib/api/handler";
import { resolveWorkspace } from "@/lib/workspaces";

export const GET = withUser<{ id: string }>(async (_req, { user, params, apiKey }) => {
  const context = await resolveWorkspace(user.id, params.id);
  if (!context || (apiKey && apiKey.workspaceId !== params.id)) throw notFound("Workspace");
  return Response.json({ workspace: apiKey ? { ...context.workspace, role: apiKey.role } : context.workspace });
});
