import "server-only";
import { z } from "zod";
import { db } from "../db";
import { deleteWorkspaceOutbox } from "../email/outbox";
import { ApiError } from "../errors";
import { isStoredLogo } from "../exports/logo-store";
import { exportStorage, type ExportStorage } from "../exports/storage";
import { logEvent } from "../log";
import { recordInstanceAudit } from "./audit";

/** What a deletion request carries: the workspace's name, typed out by the person deleting it. */
export const workspaceDeletionBody = z.object({
  confirm: z.string().max(200).describe("The workspace's exact name, as its settings show it."),
});

/**
 * Deleting cannot be undone, so the request must name what it deletes: the exact name (case and
 * spaces included), checked here rather than only on the page, so no client, script or replayed
 * request deletes a workspace by its id alone.
 */
export function checkDeletionConfirmed(workspaceName: string, body: unknown): void {
  const parsed = workspaceDeletionBody.safeParse(body);
  if (!parsed.success) {
    throw new ApiError("invalid_parameter", "`confirm`: type the workspace's name to delete it.", {
      param: "confirm",
    });
  }
  if (parsed.data.confirm !== workspaceName) {
    throw new ApiError(
      "invalid_parameter",
      "`confirm`: this is not the workspace's name. Type it exactly as its settings show it.",
      { param: "confirm" },
    );
  }
}

/**
 * Deletes a workspace with everything in it: its rows (the schema cascades; kept e-mails and
 * notifications have no foreign key and go explicitly) and its files in the export storage
 * (export files, outbox attachments, the logo). Its deletion is written to the instance
 * audit trail, which has no foreign key to workspaces, so the record stays.
 */
export async function deleteWorkspace(
  workspaceId: string,
  actor: { email: string },
  ip: string | null,
  storage: ExportStorage = exportStorage(),
): Promise<void> {
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { name: true, slug: true, logoUrl: true },
  });
  const jobs = await db.exportJob.findMany({
    where: { workspaceId, storageKey: { not: null } },
    select: { storageKey: true },
  });
  await db.workspace.delete({ where: { id: workspaceId } });
  await db.notification.deleteMany({ where: { workspaceId } });
  const emails = await deleteWorkspaceOutbox(workspaceId, storage);
  // The rows are gone first, so nothing can serve a file while it is being removed.
  const keys = [...jobs.map((j) => j.storageKey!), ...(isStoredLogo(workspace.logoUrl) ? [workspace.logoUrl] : [])];
  for (const key of keys) await storage.remove(key);
  logEvent("workspace.deleted", { workspace: workspaceId, files: keys.length, emails });
  await recordInstanceAudit({
    actor: actor.email,
    action: "workspace.deleted",
    entity: `workspace:${workspaceId}`,
    workspaceId,
    ip,
    details: { name: workspace.name, slug: workspace.slug, files: keys.length, emails },
  });
}
