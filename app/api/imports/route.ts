import { readJson, withWorkspace } from "@/lib/api/handler";
import { createImport, listImports } from "@/lib/imports/imports";
import { createImportBody } from "@/lib/imports/schemas";

export const GET = withWorkspace(async (_req, { workspace }) =>
  Response.json({ imports: await listImports(workspace.id) }),
);

/** Starts a CSV import; send its rows with POST /api/imports/:id/chunks. */
export const POST = withWorkspace(
  async (req, { workspace, user }) => {
    const body = createImportBody.parse(await readJson(req));
    return Response.json({ import: await createImport(workspace.id, body, user.email) }, { status: 201 });
  },
  { role: "member" },
);
