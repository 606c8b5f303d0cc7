import { withUser } from "@/lib/api/handler";
import { listWorkspaces } from "@/lib/workspaces";

export const GET = withUser(async (_req, { user }) => Response.json({ workspaces: await listWorkspaces(user.id) }));
