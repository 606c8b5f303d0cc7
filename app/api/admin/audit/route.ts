import { searchParams, withInstanceAdmin } from "@/lib/api/handler";
import { instanceAuditQuery, listInstanceAudit } from "@/lib/instance/audit";

/** The instance audit trail, newest first; page with `before` (instance admins). */
export const GET = withInstanceAdmin(async (req) => {
  const query = instanceAuditQuery.parse(searchParams(req));
  return Response.json({ events: await listInstanceAudit(query) });
});
