import { notFound } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/handler";
import { getOutboxEmail } from "@/lib/email/outbox";

export const GET = withWorkspace<{ id: string }>(
  async (_req, { workspace, params }) => {
    const email = await getOutboxEmail(workspace.id, params.id);
    if (!email) throw notFound("E-mail");
    return Response.json({ email });
  },
  { role: "admin" },
);
