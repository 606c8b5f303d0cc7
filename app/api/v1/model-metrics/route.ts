import { readJson, withWorkspace } from "@/lib/api/handler";
import { ingest } from "@/lib/ingest/ingest";
import { batchEnvelope } from "@/lib/ingest/schemas";

/** Up to 1,000 records; 200 with what was stored, what was a duplicate and what was rejected, and why. */
export const POST = withWorkspace(
  async (req, { workspace }) => {
    const { records } = batchEnvelope.parse(await readJson(req, { perItem: "records" }));
    return Response.json(await ingest("model_metrics", workspace.id, records));
  },
  { role: "member" },
);
