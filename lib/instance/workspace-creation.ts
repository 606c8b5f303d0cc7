import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit";
import { db } from "../db";
import { ApiError } from "../errors";
import { hit, rateLimitedError, type RateLimitRule } from "../rate-limit";
import { canonicalTimeZone, displayTimeZone } from "../time/zone-names";
import { provisionWorkspace, slugFor } from "../workspace-defaults";
import { supportedLocale } from "../format/locales";
import type { WorkspaceSummary } from "../workspace-summary";
import { recordInstanceAudit } from "./audit";
import { instanceSettings } from "./settings";

export const createWorkspaceBody = z.object({
  name: z.string().trim().min(1, { error: "Name the workspace." }).max(120),
  timezone: z.string().trim().min(1).max(64).default("UTC"),
});

const CREATIONS_PER_USER: RateLimitRule = { name: "workspaces:user", limit: 10, windowMs: 60 * 60_000 };

/** The refusal an account gets until it has proved its address. */
export const unverifiedError = () =>
  new ApiError(
    "email_unverified",
    "Confirm your e-mail address first: open the link we sent you, or ask for a new one on the home page.",
  );

/** Whether the instance lets this account create workspaces (for showing "New workspace" at all). */
export async function mayCreateWorkspaces(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { emailVerified: true, instanceAdmin: true },
  });
  if (!user?.emailVerified) return false;
  return user.instanceAdmin || (await instanceSettings()).workspaceCreators === "verified_users";
}

/**
 * A signed-in account with a verified address creates a workspace and becomes its owner, when
 * the instance lets it (anyone verified, or instance admins only). The workspace starts like
 * every other: built-in reports and the weekly Usage Summary schedule. Recorded in the instance
 * trail and the workspace's own.
 */
export async function createWorkspace(
  actorId: string,
  input: z.infer<typeof createWorkspaceBody>,
  ip: string | null,
): Promise<WorkspaceSummary> {
  const actor = await db.user.findUniqueOrThrow({ where: { id: actorId } });
  if (!actor.emailVerified) throw unverifiedError();
  const settings = await instanceSettings();
  if (settings.workspaceCreators === "instance_admins" && !actor.instanceAdmin) {
    throw new ApiError("forbidden", "On this instance only instance admins create workspaces. Ask one of them.");
  }
  const timezone = canonicalTimeZone(input.timezone);
  if (!timezone) {
    throw new ApiError(
      "unprocessable",
      `Unknown timezone "${input.timezone}": use an IANA name such as Europe/Berlin, or UTC.`,
      { param: "timezone" },
    );
  }
  const limited = await hit(CREATIONS_PER_USER, actor.id);
  if (!limited.allowed) throw rateLimitedError(limited, "new workspaces");
  const workspace = await db.$transaction(async (tx) => {
    const created = await tx.workspace.create({ data: { name: input.name, slug: slugFor(input.name), timezone } });
    await tx.membership.create({ data: { userId: actor.id, workspaceId: created.id, role: "owner" } });
    return created;
  });
  await provisionWorkspace(db, workspace.id);
  const details = { name: workspace.name, slug: workspace.slug };
  await recordInstanceAudit({
    actor: actor.email,
    action: "workspace.created",
    entity: `workspace:${workspace.id}`,
    workspaceId: workspace.id,
    ip,
    details,
  });
  await recordAudit({
    workspaceId: workspace.id,
    actor: actor.email,
    action: "workspace.created",
    entity: `workspace:${workspace.id}`,
    ip,
    details,
  });
  return {
    id: workspace.id,
    name: workspace.name,
    slug: workspace.slug,
    role: "owner",
    timezone: displayTimeZone(workspace.timezone),
    brandColor: workspace.brandColor,
    locale: supportedLocale(workspace.locale),
  };
}
