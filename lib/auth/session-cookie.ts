import "server-only";
import { encode } from "next-auth/jwt";
import { authCookies } from "./cookies";
import { SESSION_MAX_AGE_S } from "./options";
import { authSecret } from "../auth-secret";

/**
 * A fresh session cookie for the caller after their password changed: the change ended every
 * session signed in before it, this one included, so the caller gets a new one at once.
 */
export async function renewedSessionCookie(
  user: { id: string; email: string; name: string },
  signedInAt: Date,
  secureRequest: boolean,
): Promise<string> {
  const token = await encode({
    token: { sub: user.id, email: user.email, name: user.name, sat: signedInAt.getTime() },
    secret: authSecret(),
    maxAge: SESSION_MAX_AGE_S,
  });
  const { name, options } = authCookies(secureRequest).sessionToken;
  const secure = options.secure ? "; Secure" : "";
  return `${name}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_S}${secure}`;
}
