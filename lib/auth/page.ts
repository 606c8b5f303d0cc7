import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { isInstanceAdmin } from "../accounts/accounts";
import { needsSetup } from "../accounts/setup";
import type { WorkspaceSummary } from "../workspace-summary";
import { listWorkspaces, WORKSPACE_COOKIE } from "../workspaces";
import { currentUser, type SessionUser } from "./session";

export interface PageContext {
  user: SessionUser;
  workspaces: WorkspaceSummary[];
  current: WorkspaceSummary | null;
  instanceAdmin: boolean;
}

/** For pages behind sign-in: the user, their workspaces and the one they are working in. */
export async function requirePageContext(): Promise<PageContext> {
  const user = await currentUser();
  if (!user) redirect((await needsSetup()) ? "/setup" : "/signin");
  const workspaces = await listWorkspaces(user.id);
  const preferred = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const current = workspaces.find((w) => w.id === preferred) ?? workspaces[0] ?? null;
  return { user, workspaces, current, instanceAdmin: await isInstanceAdmin(user.id) };
}
