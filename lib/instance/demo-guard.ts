import "server-only";
import bcrypt from "bcryptjs";
import type { PrismaClient } from "../db";
import { DEMO_PASSWORD, DEMO_USERS } from "../demo/seed";

/** The active demo accounts that still have the published demo password. */
export async function accountsWithDemoPassword(prisma: PrismaClient): Promise<string[]> {
  const users = await prisma.user.findMany({
    where: { email: { in: DEMO_USERS.map((u) => u.email) }, active: true },
    select: { email: true, passwordHash: true },
  });
  const known: string[] = [];
  for (const u of users) if (await bcrypt.compare(DEMO_PASSWORD, u.passwordHash)) known.push(u.email);
  return known;
}

/** Why a start outside demo mode is refused, with the way out; null when nothing is wrong. */
export function demoPasswordRefusal(emails: string[]): string | null {
  if (emails.length === 0) return null;
  return [
    `Refusing to start outside demo mode: ${emails.join(", ")} still sign${emails.length === 1 ? "s" : ""} in with the published demo password.`,
    "Either start in demo mode (CHARTROOM_DEMO=on), or make these accounts safe first:",
    "  npm run accounts -- lock-demo   (deactivates every demo account that still has the demo password)",
    'then start again. A database for real use is best started empty: see README, "Your own deployment".',
  ].join("\n");
}
