import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { readJson, withUser } from "@/lib/api/handler";
import { resolveWorkspace, WORKSPACE_COOKIE } from "@/lib/workspaces";

const body = z.object({ workspaceId: z.string().min(1).max(64) });

/** Switches the workspace the UI works in (a preference kept in a cookie). */
export const POST = withUser(async (req, { user, apiKey }) => {
  const { workspaceId } = body.parse(await readJson(req));
  const context = await resolveWorkspace(user.id, workspaceId);
  if (!context || (apiKey && apiKey.workspaceId !== workspaceId)) throw notFound("Workspace");
  const res = Response.json({ workspace: context.workspace });
  res.headers.append(
    "Set-Cookie",
    `${WORKSPACE_COOKIE}=${encodeURIComponent(workspaceId)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000`,
  );
  return res;
});
