import { ApiError } from "@/lib/api/errors";
import { readJson, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { settingsChanges, updateWorkspaceSettings, workspaceSettings, workspaceSettingsBody } from "@/lib/workspaces";

/** Settings of the workspace the request acts on. */
export const GET = withWorkspace(async (_req, { workspace }) =>
  Response.json({ settings: await workspaceSettings(workspace.id) }),
);

export const PATCH = withWorkspace(
  async (req, { workspace, user, role }) => {
    const body = workspaceSettingsBody.parse(await readJson(req));
    const before = await workspaceSettings(workspace.id);
    // Everyone knows a workspace by its name, so only its owners change it; the same name sent back is no change.
    if (body.name !== undefined && body.name !== before.name && role !== "owner") {
      throw new ApiError("forbidden", "Only an owner can rename a workspace.", { param: "name" });
    }
    const settings = await updateWorkspaceSettings(workspace.id, body);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "workspace.settings_updated",
      entity: `workspace:${workspace.id}`,
      ip: requestIp(req),
      details: { fields: Object.keys(body), changes: settingsChanges(before, settings) },
    });
    return Response.json({ settings });
  },
  { role: "admin" },
);
