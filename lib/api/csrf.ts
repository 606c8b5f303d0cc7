import { config } from "../config";
import { clientProto } from "../net/client";
import { ApiError } from "./errors";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The origins our own pages have for this request: the one it was addressed to (the
 * scheme the client used, the host and port it named) and the configured public URL.
 */
function ownOrigins(req: Request): string[] {
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  const own = host ? originOf(`${clientProto(req)}://${host}`) : null;
  const configured = config().publicUrl;
  const publicUrl = configured ? originOf(configured) : null;
  return [own, publicUrl].filter((o): o is string => o !== null);
}

/**
 * Cookie-authenticated requests that change something must come from our own pages.
 * Browsers send `Sec-Fetch-Site` and `Origin` with such requests, so a cross-site form or
 * fetch is refused here even if a cookie would be attached; scripts and curl send
 * neither and cannot be made to carry a victim's cookie anyway. The whole origin counts:
 * a page of the same host over another scheme or port is another site's page.
 */
export function assertSameOrigin(req: Request): void {
  if (SAFE.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") {
    throw new ApiError("forbidden", "Cross-site requests cannot change anything here.");
  }
  const origin = req.headers.get("origin");
  if (!origin) return;
  const claimed = originOf(origin);
  if (!claimed || !ownOrigins(req).includes(claimed)) {
    throw new ApiError("forbidden", "Cross-site requests cannot change anything here.");
  }
}
