import { z } from "zod";
import { searchParams, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { connection } from "@/lib/db/connection";
import { resolveDateRange } from "@/lib/dashboard/range";
import { csvStream } from "@/lib/exports/csv";
import { contentDisposition, safeFileName } from "@/lib/exports/filename";
import { USAGE_SUMMARY_COLUMNS, usageSummaryRows } from "@/lib/reports/usage-summary";

const query = z.object({
  format: z.enum(["csv"], { error: "`format` must be csv." }).default("csv"),
  bom: z.enum(["0", "1"]).default("0"),
});

/** The dashboard's "Download report": usage per day and event type, streamed as CSV. */
export const GET = withWorkspace(async (req, { workspace, user }) => {
  const params = searchParams(req);
  const { bom } = query.parse(params);
  const range = resolveDateRange(params, workspace.timezone);
  const fileName = safeFileName(`usage-summary_${workspace.slug}_${range.from}_${range.to}`, "csv");
  await recordAudit({
    workspaceId: workspace.id,
    actor: user.email,
    action: "report.exported",
    entity: "usage-summary",
    ip: requestIp(req),
    details: { format: "csv", from: range.from, to: range.to },
  });
  const body = csvStream(USAGE_SUMMARY_COLUMNS, usageSummaryRows(connection(), workspace.id, range), { bom: bom === "1" });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(fileName),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
