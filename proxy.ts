import { NextResponse, type NextRequest } from "next/server";
import { BAD_PATH_BODY, isDecodablePath } from "./lib/net/request-path.mjs";
import { contentSecurityPolicy, SECURITY_HEADERS } from "./lib/net/security-headers.mjs";

/**
 * Runs before every route: refuses paths that do not percent-decode (before sign-in is
 * checked), and gives each response a Content-Security-Policy with a fresh script nonce.
 * Next.js reads the nonce from the request's policy header and puts it on its own scripts.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  if (!isDecodablePath(new URL(request.url).pathname)) {
    const res = new NextResponse(BAD_PATH_BODY, {
      status: 400,
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store", "Content-Security-Policy": csp },
    });
    for (const h of SECURITY_HEADERS) res.headers.set(h.key, h.value);
    return res;
  }
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("Content-Security-Policy", csp);
  return res;
}

export const config = {
  // Built scripts and styles need no policy of their own; everything else gets one.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
