import { readJson, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { createImport, listImports } from "@/lib/imports/imports";
import { createImportBody } from "@/lib/imports/schemas";

export const GET = withWorkspace(async (_req, { workspace }) =>
  Response.json({ imports: await listImports(workspace.id) }),
);

/** Starts a CSV import; send its rows with POST /api/imports/:id/chunks. */
export const POST = withWorkspace(
  async (req, { workspace, user }) => {
    const body = createImportBody.parse(await readJson(req));
    const created = await createImport(workspace.id, body, user.email);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "import.started",
      entity: `import:${created.id}`,
      ip: requestIp(req),
      details: { dataset: created.dataset, fileName: created.fileName, totalRows: created.totalRows },
    });
    return Response.json({ import: created }, { status: 201 });
  },
  { role: "member" },
);
