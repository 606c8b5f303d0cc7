import { withInstanceAdmin } from "@/lib/api/handler";
import { instanceAuditCsv } from "@/lib/instance/audit";

/** The whole instance audit trail as a CSV download, streamed (instance admins). */
export const GET = withInstanceAdmin(async () => {
  const day = new Date().toISOString().slice(0, 10);
  return new Response(instanceAuditCsv(), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="chartroom-instance-audit-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
