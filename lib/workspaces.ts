import "server-only";
import { z } from "zod";
import { ApiError } from "./errors";
import { db } from "./db";
import { canonicalTimeZone, displayTimeZone } from "./time/zone-names";
import { isRole, type Role } from "./roles";
import type { WorkspaceSummary } from "./workspace-summary";
import { SUPPORTED_LOCALES, isSupportedLocale, supportedLocale, type SupportedLocale } from "./format/locales";

export const WORKSPACE_COOKIE = "chartroom_workspace";

export interface WorkspaceContext {
  workspace: WorkspaceSummary & { logoUrl: string | null };
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
      timezone: displayTimeZone(m.workspace.timezone),
      brandColor: m.workspace.brandColor,
      locale: supportedLocale(m.workspace.locale),
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
      timezone: displayTimeZone(w.timezone),
      brandColor: w.brandColor,
      locale: supportedLocale(w.locale),
      logoUrl: w.logoUrl,
    },
  };
}

export const workspaceSettingsBody = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  timezone: z.string().trim().min(1).max(64).optional(),
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #2563eb.")
    .optional(),
  locale: z
    .string()
    .refine(isSupportedLocale, {
      message: `Use one of the supported locales: ${SUPPORTED_LOCALES.map((l) => l.code).join(", ")}.`,
    })
    .optional(),
  // Schedules may only e-mail these domains; an empty list allows any.
  allowedEmailDomains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, "Use a domain such as example.com."),
    )
    .max(50)
    .optional(),
});

export interface WorkspaceSettings {
  id: string;
  name: string;
  timezone: string;
  brandColor: string;
  locale: SupportedLocale;
  allowedEmailDomains: string[];
  /** Whether a logo is set (served by GET /api/settings/logo). */
  hasLogo: boolean;
}

/** What a settings change changed, field by field, for the audit trail. */
export function settingsChanges(
  before: WorkspaceSettings,
  after: WorkspaceSettings,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ["name", "timezone", "brandColor", "locale", "allowedEmailDomains", "hasLogo"] as const) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

export async function workspaceSettings(workspaceId: string): Promise<WorkspaceSettings> {
  const w = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  return {
    id: w.id,
    name: w.name,
    timezone: displayTimeZone(w.timezone),
    brandColor: w.brandColor,
    locale: supportedLocale(w.locale),
    allowedEmailDomains: w.allowedEmailDomains.split(",").filter(Boolean),
    hasLogo: w.logoUrl !== null,
  };
}

export async function updateWorkspaceSettings(
  workspaceId: string,
  input: z.infer<typeof workspaceSettingsBody>,
): Promise<WorkspaceSettings> {
  const timezone = input.timezone === undefined ? undefined : canonicalTimeZone(input.timezone);
  if (timezone === null) {
    throw new ApiError(
      "unprocessable",
      `Unknown timezone "${input.timezone}": use an IANA name such as Europe/Berlin, or UTC.`,
      {
        param: "timezone",
      },
    );
  }
  await db.workspace.update({
    where: { id: workspaceId },
    data: {
      name: input.name,
      timezone,
      brandColor: input.brandColor,
      locale: input.locale,
      allowedEmailDomains: input.allowedEmailDomains ? [...new Set(input.allowedEmailDomains)].join(",") : undefined,
    },
  });
  return workspaceSettings(workspaceId);
}
