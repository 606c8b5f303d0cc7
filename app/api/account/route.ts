import { profileBody, updateProfile } from "@/lib/accounts/accounts";
import { ApiError } from "@/lib/api/errors";
import { readJson, withUser } from "@/lib/api/handler";

/** The caller's own account. */
export const GET = withUser(async (_req, { user }) => Response.json({ account: user }));

/** Changes the caller's name (sessions only). */
export const PATCH = withUser(async (req, { user, apiKey }) => {
  if (apiKey) throw new ApiError("forbidden", "API keys cannot change an account: sign in instead.");
  const body = profileBody.parse(await readJson(req));
  return Response.json({ account: await updateProfile(user.id, body) });
});
