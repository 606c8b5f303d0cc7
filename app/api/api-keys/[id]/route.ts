import { withWorkspace } from "@/lib/api/handler";
import { revokeApiKey } from "@/lib/api-keys/keys";
import { recordAudit, requestIp } from "@/lib/audit";

/** Revokes the key at once: its next request is a 401. */
export const DELETE = withWorkspace<{ id: string }>(
  async (req, { workspace, user, params }) => {
    const apiKey = await revokeApiKey(workspace.id, params.id);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "api_key.revoked",
      entity: `api_key:${apiKey.id}`,
      ip: requestIp(req),
      details: { name: apiKey.name, prefix: apiKey.prefix },
    });
    return Response.json({ apiKey });
  },
  { role: "admin" },
);
