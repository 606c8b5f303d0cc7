import type { CookiesOptions } from "next-auth";
import { publicUrlIsHttps } from "../net/client";
import { WORKSPACE_COOKIE } from "../workspaces";

/**
 * next-auth's cookies, `Secure` whenever the site is served over HTTPS: a public URL of
 * https (next-auth's own rule, which also gives the `__Secure-`/`__Host-` names) or a
 * request a trusted proxy says arrived over HTTPS. Names follow the public URL only, so
 * a session cookie is found whichever way the request came in.
 */
export function authCookies(secureRequest: boolean): CookiesOptions {
  const prefixed = publicUrlIsHttps();
  const secure = prefixed || secureRequest;
  const prefix = prefixed ? "__Secure-" : "";
  const base = { httpOnly: true, sameSite: "lax", path: "/", secure } as const;
  return {
    sessionToken: { name: `${prefix}next-auth.session-token`, options: base },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options: base },
    csrfToken: { name: `${prefixed ? "__Host-" : ""}next-auth.csrf-token`, options: base },
    pkceCodeVerifier: { name: `${prefix}next-auth.pkce.code_verifier`, options: { ...base, maxAge: 900 } },
    state: { name: `${prefix}next-auth.state`, options: { ...base, maxAge: 900 } },
    nonce: { name: `${prefix}next-auth.nonce`, options: base },
  };
}

/** The Set-Cookie value that remembers the UI's workspace. */
export function workspaceCookie(workspaceId: string, secureRequest: boolean): string {
  const secure = publicUrlIsHttps() || secureRequest ? "; Secure" : "";
  return `${WORKSPACE_COOKIE}=${encodeURIComponent(workspaceId)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000${secure}`;
}
