import { withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";

/** Marks all of the caller's notifications in this workspace as read. */
export const POST = withWorkspace(async (_req, { workspace, user }) => {
  const { count } = await db.notification.updateMany({
    where: { workspaceId: workspace.id, userId: user.id, readAt: null },
    data: { readAt: new Date() },
  });
  return Response.json({ marked: count });
});
