import { readJson, withoutUser } from "@/lib/api/handler";
import { appUrl } from "@/lib/app-url";
import { requestIp } from "@/lib/audit";
import { logEvent } from "@/lib/log";
import { SIGN_UP_ANSWER, signUpBody } from "@/lib/signup/schemas";
import { signUp } from "@/lib/signup/sign-up";

/**
 * Self sign-up as the instance's mode allows. The same 202 whether or not the address has an
 * account; the e-mail is sent after answering. Links use the configured public URL, never the
 * request's Host header, which a caller could set to send someone a link to another site.
 */
export const POST = withoutUser(async (req) => {
  const body = signUpBody.parse(await readJson(req));
  const { deliver } = await signUp(body, { ip: requestIp(req), baseUrl: appUrl() });
  void deliver().catch((error: Error) => logEvent("sign_up.failed", { error: error.message }, "error"));
  return Response.json({ message: SIGN_UP_ANSWER }, { status: 202 });
});
