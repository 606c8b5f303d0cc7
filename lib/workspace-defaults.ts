import "server-only";
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "./db";
import { ensureTemplates } from "./reports/service";
import { createDefaultSchedule } from "./schedules/defaults";

/** A unique slug from a workspace's name: readable part plus a random tail. */
export function slugFor(name: string): string {
  const base = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "workspace"}-${randomBytes(3).toString("hex")}`;
}

/**
 * What every new workspace starts with, however it was made (demo seed, first-run setup, a
 * user creating one): the built-in reports, then the weekly Usage Summary e-mailed to its owner.
 * Call it once the owner's membership exists: the schedule is addressed to them.
 */
export async function provisionWorkspace(prisma: PrismaClient, workspaceId: string, now = Date.now()): Promise<void> {
  await ensureTemplates(workspaceId);
  await createDefaultSchedule(prisma, workspaceId, now);
}
