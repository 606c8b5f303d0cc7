import { withWorkspace } from "@/lib/api/handler";
import { listOutbox } from "@/lib/email/outbox";

export const GET = withWorkspace(async (_req, { workspace }) => Response.json({ emails: await listOutbox(workspace.id) }));
