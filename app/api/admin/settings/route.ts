import { readJson, withInstanceAdmin } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { instanceSettings, instanceSettingsBody, updateInstanceSettings } from "@/lib/instance/settings";

/** Sign-up mode, allowed sign-up domains and who may create workspaces (instance admins). */
export const GET = withInstanceAdmin(async () => Response.json({ settings: await instanceSettings() }));

/** Changes them; each change is written to the instance audit trail. */
export const PATCH = withInstanceAdmin(async (req, { user }) => {
  const body = instanceSettingsBody.parse(await readJson(req));
  return Response.json({ settings: await updateInstanceSettings(user, body, requestIp(req)) });
});
