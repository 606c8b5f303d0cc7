import { ApiError, notFound } from "@/lib/api/errors";
import { readJson, withUser } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { checkDeletionConfirmed, deleteWorkspace } from "@/lib/instance/workspace-deletion";
import { resolveWorkspace } from "@/lib/workspaces";

export const GET = withUser<{ id: string }>(async (_req, { user, params, apiKey }) => {
  const context = await resolveWorkspace(user.id, params.id);
  if (!context || (apiKey && apiKey.workspaceId !== params.id)) throw notFound("Workspace");
  return Response.json({ workspace: apiKey ? { ...context.workspace, role: apiKey.role } : context.workspace });
});

/**
 * Deletes the workspace and all its data (owners, signed in, with the name typed in `confirm`);
 * the instance audit trail keeps a record. Who may delete is answered before the body is judged.
 */
export const DELETE = withUser<{ id: string }>(async (req, { user, params, apiKey }) => {
  if (apiKey) throw new ApiError("forbidden", "API keys cannot delete a workspace: sign in instead.");
  const context = await resolveWorkspace(user.id, params.id);
  if (!context) throw notFound("Workspace");
  if (context.role !== "owner") throw new ApiError("forbidden", "Only an owner can delete a workspace.");
  checkDeletionConfirmed(context.workspace.name, await readJson(req, { optional: true }));
  await deleteWorkspace(params.id, user, requestIp(req));
  return new Response(null, { status: 204 });
});
