import { searchParams, withWorkspace } from "@/lib/api/handler";
import { connection } from "@/lib/db/connection";
import { dashboardData } from "@/lib/dashboard/queries";
import { resolveDateRange } from "@/lib/dashboard/range";

export const GET = withWorkspace(async (req, { workspace }) => {
  const range = resolveDateRange(searchParams(req), workspace.timezone);
  return Response.json(await dashboardData(connection(), workspace.id, range));
});
