import { readJson, withWorkspace } from "@/lib/api/handler";
import { connection } from "@/lib/db/connection";
import { chartSeries } from "@/lib/exports/chart-series";
import { assertMayFilterSensitive, redactionFor } from "@/lib/reports/redaction";
import { checkDefinition } from "@/lib/reports/check";
import { seriesBody } from "@/lib/reports/requests";
import { assertSumsInBounds } from "@/lib/reports/sum-bounds";
import { getReport } from "@/lib/reports/service";

/** The chart of a saved report (reportId) or of an unsaved definition, over its whole result. */
export const POST = withWorkspace(async (req, { workspace, role }) => {
  const body = seriesBody.parse(await readJson(req));
  const saved = body.reportId ? (await getReport(workspace.id, body.reportId)).definition : undefined;
  const report = checkDefinition(body.definition ?? saved, { timezone: workspace.timezone });
  if (body.definition !== undefined) assertMayFilterSensitive(role, report.definition, saved);
  // Series names may be personal values: the chart is always pseudonymised, as an e-mail is.
  report.redaction = redactionFor(role, "masked");
  await assertSumsInBounds(connection(), report, workspace.id);
  return Response.json(await chartSeries(connection(), report, workspace.id, workspace));
});
