import { resetPassword } from "@/lib/accounts/password";
import { resetPasswordBody } from "@/lib/accounts/schemas";
import { readJson, withoutUser } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { recordInstanceAudit } from "@/lib/instance/audit";

/** Sets a new password with the token from a reset e-mail (once, within the hour); 410 otherwise. Every session ends. */
export const POST = withoutUser(async (req) => {
  const body = resetPasswordBody.parse(await readJson(req));
  const { userId, email } = await resetPassword(body.token, body.password);
  await recordInstanceAudit({
    actor: email,
    action: "account.password_reset",
    entity: `user:${userId}`,
    ip: requestIp(req),
  });
  return Response.json({ ok: true });
});
