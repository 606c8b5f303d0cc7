import { readJson, withoutUser } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { setupBody, setupInstance } from "@/lib/accounts/setup";

/** First-run setup: the first account (owner, instance admin) and workspace; 409 once the instance has one. */
export const POST = withoutUser(async (req) => {
  const body = setupBody.parse(await readJson(req));
  const created = await setupInstance(body, { ip: requestIp(req) });
  return Response.json(
    { user: { id: created.userId, email: body.email }, workspace: { id: created.workspaceId } },
    { status: 201 },
  );
});
