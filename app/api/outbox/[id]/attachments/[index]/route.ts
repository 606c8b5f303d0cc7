import { notFound } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/handler";
import { outboxAttachmentResponse } from "@/lib/email/outbox";

export const GET = withWorkspace<{ id: string; index: string }>(
  async (_req, { workspace, params }) => {
    const index = /^\d{1,3}$/.test(params.index) ? Number(params.index) : -1;
    const response = index >= 0 ? await outboxAttachmentResponse(workspace.id, params.id, index) : null;
    if (!response) throw notFound("Attachment");
    return response;
  },
  { role: "admin" },
);
