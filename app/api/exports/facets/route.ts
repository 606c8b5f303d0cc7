import { withWorkspace } from "@/lib/api/handler";
import { exportHistoryFacets } from "@/lib/exports/history";

/** The report names and people in the workspace's export history, for its filters. */
export const GET = withWorkspace(async (_req, { workspace }) => Response.json(await exportHistoryFacets(workspace.id)));
