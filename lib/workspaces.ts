import "server-only";
import { db } from "./db";
import { isRole, type Role } from "./auth/roles";
import type { WorkspaceSummary } from "./dashboard/types";

export const WORKSPACE_COOKIE = "chartroom_workspace";

export interface WorkspaceContext {
  workspace: WorkspaceSummary & { locale: string; logoUrl: string | null };
  role: Role;
}

export async function listWorkspaces(userId: string): Promise<WorkspaceSummary[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    include: { workspace: true },
    orderBy: { workspace: { name: "asc" } },
  });
  return memberships
    .filter((m) => isRole(m.role))
    .map((m) => ({
      id: m.workspace.id,
      name: m.workspace.name,
      slug: m.workspace.slug,
      role: m.role as Role,
      timezone: m.workspace.timezone,
      brandColor: m.workspace.brandColor,
    }));
}

/**
 * The workspace a request acts on: the requested one if the user belongs to it, else
 * null (callers answer 404, so other tenants' ids cannot be probed). With no request,
 * the user's first workspace.
 */
export async function resolveWorkspace(userId: string, requestedId?: string | null): Promise<WorkspaceContext | null> {
  const membership = requestedId
    ? await db.membership.findUnique({
        where: { userId_workspaceId: { userId, workspaceId: requestedId } },
        include: { workspace: true },
      })
    : await db.membership.findFirst({ where: { userId }, include: { workspace: true }, orderBy: { createdAt: "asc" } });
  if (!membership || !isRole(membership.role)) return null;
  const w = membership.workspace;
  return {
    role: membership.role,
    workspace: {
      id: w.id,
      name: w.name,
      slug: w.slug,
      role: membership.role,
      timezone: w.timezone,
      brandColor: w.brandColor,
      locale: w.locale,
      logoUrl: w.logoUrl,
    },
  };
}
