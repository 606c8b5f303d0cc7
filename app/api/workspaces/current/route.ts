import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { readJson, withUser } from "@/lib/api/handler";
import { workspaceCookie } from "@/lib/auth/cookies";
import { wantsSecureCookies } from "@/lib/net/client";
import { resolveWorkspace } from "@/lib/workspaces";

const body = z.object({ workspaceId: z.string().min(1).max(64) });

/** Switches the workspace the UI works in (a preference kept in a cookie). */
export const POST = withUser(async (req, { user, apiKey }) => {
  const { workspaceId } = body.parse(await readJson(req));
  const context = await resolveWorkspace(user.id, workspaceId);
  if (!context || (apiKey && apiKey.workspaceId !== workspaceId)) throw notFound("Workspace");
  const res = Response.json({ workspace: context.workspace });
  res.headers.append("Set-Cookie", workspaceCookie(workspaceId, wantsSecureCookies(req)));
  return res;
});
