import { changePassword } from "@/lib/accounts/password";
import { changePasswordBody } from "@/lib/accounts/schemas";
import { renewedSessionCookie } from "@/lib/auth/session-cookie";
import { ApiError } from "@/lib/api/errors";
import { readJson, withUser } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { recordInstanceAudit } from "@/lib/instance/audit";
import { wantsSecureCookies } from "@/lib/net/client";

/** Changes the caller's password (the current one is required); every other session of the account ends. */
export const POST = withUser(async (req, { user, apiKey }) => {
  if (apiKey) throw new ApiError("forbidden", "API keys cannot change a password: sign in instead.");
  const body = changePasswordBody.parse(await readJson(req));
  const at = await changePassword(user.id, body.currentPassword, body.newPassword);
  await recordInstanceAudit({
    actor: user.email,
    action: "account.password_changed",
    entity: `user:${user.id}`,
    ip: requestIp(req),
  });
  const cookie = await renewedSessionCookie(user, at, wantsSecureCookies(req));
  return Response.json({ ok: true }, { headers: { "Set-Cookie": cookie } });
});
