import { readJson, withWorkspace } from "@/lib/api/handler";
import { createApiKey, listApiKeys } from "@/lib/api-keys/keys";
import { createApiKeyBody } from "@/lib/api-keys/schemas";
import { recordAudit, requestIp } from "@/lib/audit";

export const GET = withWorkspace(
  async (_req, { workspace }) => Response.json({ apiKeys: await listApiKeys(workspace.id) }),
  { role: "admin" },
);

/** Creates a key; the response carries its secret, which is never shown again. */
export const POST = withWorkspace(
  async (req, { workspace, user, role }) => {
    const body = createApiKeyBody.parse(await readJson(req));
    const created = await createApiKey({
      workspaceId: workspace.id,
      name: body.name,
      role: body.role,
      creatorId: user.id,
      creatorRole: role,
    });
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "api_key.created",
      entity: `api_key:${created.apiKey.id}`,
      ip: requestIp(req),
      details: { name: created.apiKey.name, role: created.apiKey.role, prefix: created.apiKey.prefix },
    });
    return Response.json(created, { status: 201 });
  },
  { role: "admin" },
);
