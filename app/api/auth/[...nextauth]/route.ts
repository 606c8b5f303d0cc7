import NextAuth from "next-auth";
import { requestIp } from "@/lib/audit";
import { authOptions } from "@/lib/auth/options";
import { hit, isLimited, RATE_LIMITS, type RateLimitState } from "@/lib/rate-limit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so the secret is read at run time, not at build time.
function nextAuth(req: Request, ctx: Ctx) {
  return NextAuth(req as never, ctx as never, authOptions());
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

/** Failed credential sign-ins are limited per address and per IP (successful ones never count). */
async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") !== "callback/credentials") return nextAuth(req, ctx);
  const form = await req.clone().formData().catch(() => null);
  const email = String(form?.get("email") ?? "").trim().toLowerCase().slice(0, 320);
  const ip = requestIp(req) ?? "unknown";
  const rules = [
    [RATE_LIMITS.signInFailuresPerEmail(), email],
    [RATE_LIMITS.signInFailuresPerIp(), ip],
  ] as const;
  for (const [rule, subject] of rules) {
    const state = await isLimited(rule, subject);
    if (!state.allowed) return tooManyAttempts(req, state);
  }
  const res = await nextAuth(req, ctx);
  const location = res.headers.get("location") ?? "";
  const body = res.headers.get("content-type")?.includes("json") ? await res.clone().json().catch(() => null) : null;
  const failed = res.status === 401 || /[?&]error=/.test(location) || /[?&]error=/.test(String(body?.url ?? ""));
  if (failed) for (const [rule, subject] of rules) await hit(rule, subject);
  return res;
}

export { nextAuth as GET, POST };
