import { readJson, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { addImportChunk } from "@/lib/imports/imports";
import { importChunkBody } from "@/lib/imports/schemas";

/** Stores a chunk of rows; rows sent before (same line) are counted as duplicates, never stored twice. */
export const POST = withWorkspace<{ id: string }>(
  async (req, { workspace, params, user }) => {
    const body = importChunkBody.parse(await readJson(req, { perItem: "rows" }));
    const result = await addImportChunk(workspace.id, params.id, body);
    // Chunks are many; the trail records the import's start and its completion, not each chunk.
    if (body.final) {
      await recordAudit({
        workspaceId: workspace.id,
        actor: user.email,
        action: "import.completed",
        entity: `import:${params.id}`,
        ip: requestIp(req),
        details: {
          dataset: result.import.dataset,
          fileName: result.import.fileName,
          acceptedRows: result.import.acceptedRows,
          rejectedRows: result.import.rejectedRows,
        },
      });
    }
    return Response.json(result);
  },
  { role: "member" },
);
