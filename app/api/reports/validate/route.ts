import { readJson, withWorkspace } from "@/lib/api/handler";
import { checkDefinition } from "@/lib/reports/check";
import { validateBody } from "@/lib/reports/requests";

/** Checks a definition without running it: the normalised definition and its columns, or the issues. */
export const POST = withWorkspace(async (req, { workspace }) => {
  const body = validateBody.parse(await readJson(req));
  const report = checkDefinition(body.definition, { timezone: workspace.timezone });
  return Response.json({
    valid: true,
    definition: report.definition,
    columns: report.columns,
    notices: report.notices,
  });
});
