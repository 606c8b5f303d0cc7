import { withWorkspace } from "@/lib/api/handler";
import { getImport } from "@/lib/imports/imports";

/** Progress of an import; `lastLine` is where an interrupted upload resumes. */
export const GET = withWorkspace<{ id: string }>(async (_req, { workspace, params }) =>
  Response.json({ import: await getImport(workspace.id, params.id) }),
);
