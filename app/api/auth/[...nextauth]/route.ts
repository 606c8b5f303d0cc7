import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { ApiError, errorResponse } from "@/lib/api/errors";
import { authOptions, signInIdentity } from "@/lib/auth/options";
import { readSignInBody } from "@/lib/auth/sign-in-body";
import { recordInstanceAudit } from "@/lib/instance/audit";
import { logEvent } from "@/lib/log";
import { clientAddress, wantsSecureCookies } from "@/lib/net/client";
import { hit, isLimited, RATE_LIMITS, type RateLimitState } from "@/lib/rate-limit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so the secret is read at run time, not at build time.
function nextAuth(req: Request, ctx: Ctx) {
  return NextAuth(req as never, ctx as never, authOptions({ secureCookies: wantsSecureCookies(req) }));
}

/**
 * next-auth's client reads `url` from the answer; the envelope rides along for API users.
 * The absolute URL keeps the client's `new URL(…)` working.
 */
function tooManyAttempts(req: Request, state: RateLimitState): Response {
  const url = new URL("/signin?error=TooManyAttempts", req.url).toString();
  const message = `Too many failed sign-in attempts. Try again in ${Math.ceil(state.retryAfterSeconds / 60)} minutes.`;
  return Response.json(
    { url, error: { code: "rate_limited", message } },
    { status: 429, headers: { "Retry-After": String(state.retryAfterSeconds) } },
  );
}

/**
 * Failed credential sign-ins are limited per address and per IP (successful ones never
 * count). The body is read once, strictly, and next-auth gets a canonical form of those
 * same fields, so the attempt is counted against the address that is authenticated.
 */
async function POST(req: NextRequest, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  // next-auth picks the action and provider from the first two segments and ignores the rest.
  if (nextauth[0] !== "callback" || nextauth[1] !== "credentials") return nextAuth(req, ctx);
  let fields: Record<string, string>;
  try {
    fields = await readSignInBody(req);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    throw error;
  }
  const email = signInIdentity(fields.email);
  const ip = clientAddress(req) ?? "unknown";
  const rules = [
    [RATE_LIMITS.signInFailuresPerEmail(), email],
    [RATE_LIMITS.signInFailuresPerIp(), ip],
  ] as const;
  for (const [rule, subject] of rules) {
    const state = await isLimited(rule, subject);
    if (!state.allowed) {
      logEvent("signin.limited", { rule: rule.name, ip }, "warn");
      return tooManyAttempts(req, state);
    }
  }
  const headers = new Headers(req.headers);
  headers.set("content-type", "application/x-www-form-urlencoded");
  headers.delete("content-length");
  const canonical = new NextRequest(req.url, { method: "POST", headers, body: new URLSearchParams(fields).toString() });
  const res = await nextAuth(canonical, ctx);
  const location = res.headers.get("location") ?? "";
  const body = res.headers.get("content-type")?.includes("json")
    ? await res
        .clone()
        .json()
        .catch(() => null)
    : null;
  const failed = res.status === 401 || /[?&]error=/.test(location) || /[?&]error=/.test(String(body?.url ?? ""));
  if (failed) for (const [rule, subject] of rules) await hit(rule, subject);
  await recordInstanceAudit({
    actor: email,
    action: failed ? "signin.failed" : "signin.succeeded",
    entity: "session",
    ip: ip === "unknown" ? null : ip,
  });
  return res;
}

export { nextAuth as GET, POST };
