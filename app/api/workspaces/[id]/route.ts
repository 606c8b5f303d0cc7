import { notFound } from "@/lib/api/errors";
import { withUser } from "@/lib/api/handler";
import { resolveWorkspace } from "@/lib/workspaces";

export const GET = withUser<{ id: string }>(async (_req, { user, params }) => {
  const context = await resolveWorkspace(user.id, params.id);
  if (!context) throw notFound("Workspace");
  return Response.json({ workspace: context.workspace });
});
