import "server-only";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { PASSWORD_RULE } from "./schemas";
import { ApiError } from "../errors";
import { db, type PrismaClient } from "../db";
import { isUniqueViolation } from "../db/errors";
import { headerString } from "../email/header-text";
import { canonicalTimeZone } from "../time/zone-names";
import { recordInstanceAudit } from "../instance/audit";
import { provisionWorkspace, slugFor } from "../workspace-defaults";

/** Claimed by the one setup that wins; its primary key is what makes a second setup fail. */
const SETUP_KEY = "instance.setup";

export const setupBody = z.object({
  name: z.string().trim().min(1, { error: "Enter your name." }).max(100),
  email: headerString().trim().toLowerCase().email({ error: "Enter an e-mail address." }).max(320),
  password: PASSWORD_RULE,
  workspaceName: z.string().trim().min(1, { error: "Name the workspace." }).max(120),
  timezone: z.string().trim().min(1).max(64).default("UTC"),
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #2563eb.")
    .default("#2563eb"),
});

export type SetupInput = z.infer<typeof setupBody>;

// Once the instance has a user it never needs setup again, so this process stops asking.
let setUp = false;

/** Whether the instance has no users yet: every page leads to /setup until it has. */
export async function needsSetup(prisma: PrismaClient = db): Promise<boolean> {
  if (setUp && prisma === db) return false;
  const user = await prisma.user.findFirst({ select: { id: true } });
  if (user && prisma === db) setUp = true;
  return !user;
}

const alreadySetUp = () =>
  new ApiError("conflict", "This instance is already set up. Sign in, or ask its admin for an account.");

/**
 * Creates the first account (owner of the first workspace and instance admin). Of several
 * setups at once exactly one wins: each first claims the setup key in its transaction, and
 * the others are refused with 409.
 */
export async function setupInstance(
  input: SetupInput,
  meta: { ip?: string | null } = {},
  prisma: PrismaClient = db,
): Promise<{ userId: string; workspaceId: string }> {
  const timezone = canonicalTimeZone(input.timezone);
  if (!timezone) {
    throw new ApiError(
      "unprocessable",
      `Unknown timezone "${input.timezone}": use an IANA name such as Europe/Berlin, or UTC.`,
      {
        param: "timezone",
      },
    );
  }
  if (!(await needsSetup(prisma))) throw alreadySetUp();
  const passwordHash = await bcrypt.hash(input.password, 10);
  let created: { userId: string; workspaceId: string };
  try {
    created = await prisma.$transaction(async (tx) => {
      await tx.appSetting.create({ data: { key: SETUP_KEY, value: new Date().toISOString() } });
      if (await tx.user.findFirst({ select: { id: true } })) throw alreadySetUp();
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, instanceAdmin: true },
      });
      const workspace = await tx.workspace.create({
        data: { name: input.workspaceName, slug: slugFor(input.workspaceName), timezone, brandColor: input.brandColor },
      });
      await tx.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: "owner" } });
      return { userId: user.id, workspaceId: workspace.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadySetUp();
    throw error;
  }
  if (prisma === db) {
    setUp = true;
    // Built-in reports and the weekly schedule, as every new workspace gets them.
    await provisionWorkspace(db, created.workspaceId);
  }
  await recordInstanceAudit(
    {
      actor: input.email,
      action: "instance.setup",
      entity: `user:${created.userId}`,
      workspaceId: created.workspaceId,
      ip: meta.ip,
    },
    prisma,
  );
  return created;
}
