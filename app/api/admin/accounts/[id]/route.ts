import { accountChangeBody, changeAccount } from "@/lib/accounts/accounts";
import { readJson, withInstanceAdmin } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";

/** `{ active }` deactivates or reactivates an account, `{ instanceAdmin }` grants or takes the role (instance admins). */
export const PATCH = withInstanceAdmin<{ id: string }>(async (req, { user, params }) => {
  const body = accountChangeBody.parse(await readJson(req));
  return Response.json({ account: await changeAccount(user, params.id, body, requestIp(req)) });
});
