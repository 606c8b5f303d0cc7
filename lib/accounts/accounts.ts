import "server-only";
import { z } from "zod";
import { ApiError, notFound } from "../errors";
import { db } from "../db";
import { recordInstanceAudit } from "../instance/audit";

export const profileBody = z.object({ name: z.string().trim().min(1, { error: "Enter your name." }).max(100) });

export const accountChangeBody = z
  .object({
    active: z.boolean().optional().describe("false deactivates: sign-in, sessions and API keys stop at once."),
    instanceAdmin: z.boolean().optional(),
  })
  .refine((b) => b.active !== undefined || b.instanceAdmin !== undefined, { error: "Nothing to change." });

export const accountSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  active: z.boolean(),
  instanceAdmin: z.boolean(),
  createdAt: z.string(),
  workspaces: z.number().int(),
});
export type AccountSummary = z.infer<typeof accountSchema>;

export async function updateProfile(userId: string, input: z.infer<typeof profileBody>) {
  return db.user.update({
    where: { id: userId },
    data: { name: input.name },
    select: { id: true, email: true, name: true },
  });
}

export async function isInstanceAdmin(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { instanceAdmin: true, active: true } });
  return Boolean(user?.active && user.instanceAdmin);
}

export async function listAccounts(): Promise<AccountSummary[]> {
  const users = await db.user.findMany({
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { memberships: true } } },
  });
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    active: u.active,
    instanceAdmin: u.instanceAdmin,
    createdAt: u.createdAt.toISOString(),
    workspaces: u._count.memberships,
  }));
}

/**
 * An instance admin activates or deactivates an account, or makes it an instance admin or
 * not. Deactivation also moves "sessions valid from" to now, so reactivating never revives
 * a session from before. Nobody changes their own account here, so the instance keeps an admin.
 */
export async function changeAccount(
  actor: { id: string; email: string },
  userId: string,
  input: z.infer<typeof accountChangeBody>,
  ip: string | null,
): Promise<AccountSummary> {
  if (actor.id === userId) {
    throw new ApiError("conflict", "You cannot deactivate yourself or change your own instance admin status.");
  }
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound("Account");
  const now = new Date();
  await db.user.update({
    where: { id: userId },
    data: {
      active: input.active,
      instanceAdmin: input.instanceAdmin,
      sessionsValidFrom: input.active === false ? now : undefined,
    },
  });
  if (input.active !== undefined && input.active !== user.active) {
    await recordInstanceAudit({
      actor: actor.email,
      action: input.active ? "account.reactivated" : "account.deactivated",
      entity: `user:${userId}`,
      ip,
      details: { email: user.email },
    });
  }
  if (input.instanceAdmin !== undefined && input.instanceAdmin !== user.instanceAdmin) {
    await recordInstanceAudit({
      actor: actor.email,
      action: input.instanceAdmin ? "instance_admin.granted" : "instance_admin.revoked",
      entity: `user:${userId}`,
      ip,
      details: { email: user.email },
    });
  }
  const [summary] = (await listAccounts()).filter((a) => a.id === userId);
  return summary;
}
