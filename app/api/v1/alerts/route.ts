import { readJson, withWorkspace } from "@/lib/api/handler";
import { openAlerts } from "@/lib/dashboard/open-alerts";
import { connection } from "@/lib/db/connection";
import { ingest } from "@/lib/ingest/ingest";
import { batchEnvelope } from "@/lib/ingest/schemas";

/** Up to 1,000 records; 200 with what was stored, what was a duplicate and what was rejected, and why. */
export const POST = withWorkspace(
  async (req, { workspace }) => {
    const { records } = batchEnvelope.parse(await readJson(req, { perItem: "records" }));
    return Response.json(await ingest("alerts", workspace.id, records));
  },
  { role: "member" },
);

/** The unresolved alerts, counted once for every place that shows them. */
export const GET = withWorkspace(async (_req, { workspace }) =>
  Response.json(await openAlerts(connection(), workspace.id)),
);
