import { requestPasswordReset } from "@/lib/accounts/password";
import { forgotPasswordBody } from "@/lib/accounts/schemas";
import { readJson, withoutUser } from "@/lib/api/handler";
import { appUrl } from "@/lib/app-url";
import { logEvent } from "@/lib/log";
import { clientAddress } from "@/lib/net/client";
import { hit, RATE_LIMITS, rateLimitedError } from "@/lib/rate-limit";

const ANSWER = "If an account uses this address, a link to choose a new password is on its way. It works for one hour.";

/**
 * "Forgot password": the same 202 whether or not the address has an account, and the e-mail
 * is composed and sent after answering, so neither the answer nor its timing tells. Limited per
 * address and per client address, counted for every request.
 */
export const POST = withoutUser(async (req) => {
  const { email } = forgotPasswordBody.parse(await readJson(req));
  const ip = clientAddress(req) ?? "unknown";
  for (const [rule, subject] of [
    [RATE_LIMITS.resetsPerEmail(), email],
    [RATE_LIMITS.resetsPerIp(), ip],
  ] as const) {
    const state = await hit(rule, subject);
    if (!state.allowed) {
      logEvent("password_reset.limited", { rule: rule.name, ip }, "warn");
      throw rateLimitedError(state, "password reset requests");
    }
  }
  void requestPasswordReset(email, appUrl()).catch((error: Error) =>
    logEvent("password_reset.failed", { error: error.message }, "error"),
  );
  return Response.json({ message: ANSWER }, { status: 202 });
});
