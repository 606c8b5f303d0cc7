import { withWorkspace } from "@/lib/api/handler";
import { listOutbox } from "@/lib/email/outbox";

/** Admins only: the outbox holds every e-mail the workspace sent, to whomever it went. */
export const GET = withWorkspace(
  async (_req, { workspace }) => Response.json({ emails: await listOutbox(workspace.id) }),
  {
    role: "admin",
  },
);
