import { notFound } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/handler";
import { readOutboxAttachment } from "@/lib/email/outbox";
import { contentDisposition } from "@/lib/exports/filename";
import { storedFileHeaders } from "@/lib/net/file-response";

export const GET = withWorkspace<{ id: string; index: string }>(
  async (_req, { workspace, params }) => {
    const index = /^\d{1,3}$/.test(params.index) ? Number(params.index) : -1;
    const file = index >= 0 ? await readOutboxAttachment(workspace.id, params.id, index) : null;
    if (!file) throw notFound("Attachment");
    return new Response(new Uint8Array(file.content), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": contentDisposition(file.filename),
        ...storedFileHeaders(file.content.length),
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
  { role: "admin" },
);
