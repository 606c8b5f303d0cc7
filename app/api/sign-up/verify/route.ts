import { readJson, withoutUser } from "@/lib/api/handler";
import { requestIp } from "@/lib/audit";
import { verifyEmailBody } from "@/lib/signup/schemas";
import { verifyEmail } from "@/lib/signup/verification";

/** Confirms an account's address with the token from its e-mail; joins the workspace of the code it signed up with. */
export const POST = withoutUser(async (req) => {
  const { token } = verifyEmailBody.parse(await readJson(req));
  const verified = await verifyEmail(token, requestIp(req));
  return Response.json({
    email: verified.email,
    workspace: verified.joined ? { id: verified.joined.workspaceId, name: verified.joined.name } : null,
    joinProblem: verified.joinProblem,
  });
});
