import "server-only";
import { db } from "../db";
import { recordInstanceAudit } from "./audit";

/**
 * Deletes a workspace with everything in it (the schema cascades). Its deletion is written
 * to the instance audit trail, which has no foreign key to workspaces, so the record stays.
 */
export async function deleteWorkspace(workspaceId: string, actor: { email: string }, ip: string | null): Promise<void> {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { name: true, slug: true },
  });
  await db.workspace.delete({ where: { id: workspaceId } });
  await recordInstanceAudit({
    actor: actor.email,
    action: "workspace.deleted",
    entity: `workspace:${workspaceId}`,
    workspaceId,
    ip,
    details: { name: workspace.name, slug: workspace.slug },
  });
}
