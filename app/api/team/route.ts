import { withWorkspace } from "@/lib/api/handler";
import { getTeam } from "@/lib/team/team";

/** Members for everyone in the workspace; pending invites and the join code for admins. */
export const GET = withWorkspace(async (_req, { workspace, role }) => Response.json(await getTeam(workspace.id, role)));
