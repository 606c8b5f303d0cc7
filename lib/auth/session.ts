import "server-only";
import { getServerSession } from "next-auth";
import { db } from "../db";
import { authOptions } from "./options";
import { sessionStillValid } from "./revocation";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  /** false for a self-created account until it confirms its address; it cannot act in a workspace until then. */
  emailVerified: boolean;
}

/**
 * The signed-in user, re-read from the database (one lookup by primary key) so the token of a
 * deleted or deactivated account, or one signed in before its password changed, stops working.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, active: true, sessionsValidFrom: true, emailVerified: true },
  });
  const signedInAt = (session as { signedInAt?: number | null }).signedInAt ?? null;
  if (!user || !sessionStillValid(user, signedInAt)) return null;
  return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified };
}
