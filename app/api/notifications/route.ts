import { withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";

/** The signed-in user's latest in-app notifications in this workspace. */
export const GET = withWorkspace(async (_req, { workspace, user }) => {
  const rows = await db.notification.findMany({
    where: { workspaceId: workspace.id, userId: user.id },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
  return Response.json({
    notifications: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      read: n.readAt !== null,
      createdAt: n.createdAt.toISOString(),
    })),
  });
});
