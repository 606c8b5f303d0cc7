import { ApiError } from "./errors";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated requests that change something must come from our own pages.
 * Browsers send `Sec-Fetch-Site` and `Origin` with such requests, so a cross-site form or
 * fetch is refused here even if a cookie would be attached; scripts and curl send
 * neither and cannot be made to carry a victim's cookie anyway.
 */
export function assertSameOrigin(req: Request): void {
  if (SAFE.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") {
    throw new ApiError("forbidden", "Cross-site requests cannot change anything here.");
  }
  const origin = req.headers.get("origin");
  if (!origin) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (!host || originHost !== host) throw new ApiError("forbidden", "Cross-site requests cannot change anything here.");
}
