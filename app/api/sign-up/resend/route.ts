import { ApiError } from "@/lib/api/errors";
import { withUser } from "@/lib/api/handler";
import { appUrl } from "@/lib/app-url";
import { resendVerification } from "@/lib/signup/sign-up";

/** Sends the signed-in account a new confirmation link (the earlier ones stop working). */
export const POST = withUser(async (_req, { user, apiKey }) => {
  if (apiKey) throw new ApiError("forbidden", "API keys cannot be used here: sign in instead.");
  await resendVerification(user.id, appUrl());
  return Response.json({ message: `A new link is on its way to ${user.email}.` }, { status: 202 });
});
