import { readJson, withWorkspace } from "@/lib/api/handler";
import { addImportChunk } from "@/lib/imports/imports";
import { importChunkBody } from "@/lib/imports/schemas";

/** Stores a chunk of rows; rows sent before (same line) are counted as duplicates, never stored twice. */
export const POST = withWorkspace<{ id: string }>(
  async (req, { workspace, params }) => {
    const body = importChunkBody.parse(await readJson(req, { perItem: "rows" }));
    return Response.json(await addImportChunk(workspace.id, params.id, body));
  },
  { role: "member" },
);
