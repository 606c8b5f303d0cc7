import { config } from "../config";
import { CLIENT_IP_HEADER, CLIENT_PROTO_HEADER } from "./forwarded.mjs";

type WithHeaders = { headers: Headers };

/**
 * The client's address, as decided by the HTTP front of `npm start` from the socket and
 * `CHARTROOM_TRUSTED_PROXIES` (lib/net/forwarded.mjs). The one source for rate limits,
 * audit events and logs; null when the app runs without that front (tests, `next dev`),
 * except on Vercel, whose edge sets `X-Real-IP` itself.
 */
export function clientAddress(req: WithHeaders): string | null {
  const decided = req.headers.get(CLIENT_IP_HEADER);
  if (decided) return decided;
  if (config().onVercel) return req.headers.get("x-real-ip") || null;
  return null;
}

/** The scheme the client used: a trusted proxy's `X-Forwarded-Proto`, else the connection's. */
export function clientProto(req: WithHeaders & { url?: string }): "http" | "https" {
  const decided = req.headers.get(CLIENT_PROTO_HEADER);
  if (decided === "https" || decided === "http") return decided;
  if (config().onVercel && req.headers.get("x-forwarded-proto") === "https") return "https";
  try {
    return new URL(req.url ?? "").protocol === "https:" ? "https" : "http";
  } catch {
    return "http";
  }
}

/** Whether the public URL (`NEXTAUTH_URL`) is HTTPS. */
export function publicUrlIsHttps(): boolean {
  return (config().publicUrl ?? "").toLowerCase().startsWith("https://");
}

/** Cookies set in answer to this request must be `Secure`: the site is served over HTTPS. */
export function wantsSecureCookies(req: WithHeaders & { url?: string }): boolean {
  return publicUrlIsHttps() || clientProto(req) === "https";
}
