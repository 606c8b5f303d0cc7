import "server-only";
import bcrypt from "bcryptjs";
import { ApiError } from "../errors";
import { db } from "../db";
import { isUniqueViolation } from "../db/errors";
import { recordInstanceAudit } from "../instance/audit";
import { instanceSettings, type InstanceSettings } from "../instance/settings";
import { displayDomain, domainAllowed, emailDomain } from "../instance/sign-up-domains";
import { logEvent } from "../log";
import { hit, isLimited, rateLimitedError, type RateLimitRule } from "../rate-limit";
import type { SignUpInput } from "./schemas";
import { issueVerification, sendAlreadyRegisteredEmail, sendVerificationEmail } from "./verification";

export const SIGN_UP_LIMITS = {
  /** Every sign-up request from one client address. */
  perIp: { name: "signup:ip", limit: 10, windowMs: 60 * 60_000 } satisfies RateLimitRule,
  /** Every e-mail sign-up or "send again" makes to one address, whether or not it has an account. */
  mailsPerEmail: { name: "verify-mail:email", limit: 5, windowMs: 60 * 60_000 } satisfies RateLimitRule,
  /** Wrong join codes from one client address: codes are short enough to guess at scale. */
  codeFailuresPerIp: { name: "signup-code:ip", limit: 10, windowMs: 15 * 60_000 } satisfies RateLimitRule,
};

/** Refuses what the instance's sign-up mode does not allow; says nothing about existing accounts. */
function checkMode(settings: InstanceSettings, email: string, code: string | undefined) {
  if (settings.signUpMode === "invitation") {
    throw new ApiError(
      "forbidden",
      "Accounts on this instance are made by invitation only: ask a workspace admin to invite you. " +
        "If you have an account, sign in and then use the join code.",
    );
  }
  if (settings.signUpMode === "invitation_or_code" && !code) {
    throw new ApiError("invalid_parameter", "A workspace's join code is needed to create an account here.", {
      param: "code",
    });
  }
  if (!emailDomain(email)) throw new ApiError("invalid_parameter", "Enter an e-mail address.", { param: "email" });
  if (settings.signUpMode === "open" && !code && !domainAllowed(email, settings.signUpDomains)) {
    throw new ApiError(
      "forbidden",
      `Sign-up is limited to addresses at ${settings.signUpDomains.map(displayDomain).join(", ")}. Ask for an invitation or a join code instead.`,
      { param: "email" },
    );
  }
}

async function checkCode(code: string, ip: string): Promise<void> {
  const limited = await isLimited(SIGN_UP_LIMITS.codeFailuresPerIp, ip);
  if (!limited.allowed) throw rateLimitedError(limited, "wrong join codes");
  const workspace = await db.workspace.findUnique({ where: { joinCode: code }, select: { id: true } });
  if (workspace) return;
  await hit(SIGN_UP_LIMITS.codeFailuresPerIp, ip);
  throw new ApiError("not_found", "No workspace has this join code. Ask an admin for the current one.", {
    param: "code",
  });
}

/**
 * Self sign-up, as the instance's mode allows. The answer is the same whether or not the
 * address has an account: a new or still unverified account gets a verification link (the
 * latest sign-up's name and password win, and its earlier sessions end, since nobody has
 * proved the address yet); a verified one is told someone tried, by e-mail. The returned
 * `deliver` sends that e-mail; the route calls it after answering, so timing tells nothing either.
 */
export async function signUp(
  input: SignUpInput,
  meta: { ip: string | null; baseUrl: string },
): Promise<{ deliver: () => Promise<void> }> {
  const ip = meta.ip ?? "unknown";
  const email = input.email.trim().toLowerCase();
  const perIp = await hit(SIGN_UP_LIMITS.perIp, ip);
  if (!perIp.allowed) throw rateLimitedError(perIp, "sign-up requests");
  checkMode(await instanceSettings(), email, input.code);
  if (input.code) await checkCode(input.code, ip);
  const mails = await hit(SIGN_UP_LIMITS.mailsPerEmail, email);
  if (!mails.allowed) throw rateLimitedError(mails, "sign-up e-mails to this address");

  const passwordHash = await bcrypt.hash(input.password, 10);
  let existing = await db.user.findUnique({ where: { email } });
  if (!existing) {
    try {
      const user = await db.user.create({
        data: { email, name: input.name, passwordHash, emailVerified: false },
      });
      await recordInstanceAudit({
        actor: email,
        action: "account.signed_up",
        entity: `user:${user.id}`,
        ip: meta.ip,
        details: { joinCode: Boolean(input.code) },
      });
      return verificationDelivery(user, input.code ?? null, meta.baseUrl);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      existing = await db.user.findUnique({ where: { email } });
    }
  }
  if (!existing || !existing.active) return { deliver: async () => {} };
  if (existing.emailVerified) {
    const user = existing;
    return { deliver: () => quietly(() => sendAlreadyRegisteredEmail(user, meta.baseUrl)) };
  }
  const user = await db.user.update({
    where: { id: existing.id },
    data: { name: input.name, passwordHash, sessionsValidFrom: new Date() },
  });
  return verificationDelivery(user, input.code ?? null, meta.baseUrl);
}

async function verificationDelivery(
  user: { id: string; email: string; name: string },
  joinCode: string | null,
  baseUrl: string,
): Promise<{ deliver: () => Promise<void> }> {
  const { id, link } = await issueVerification(user.id, joinCode, baseUrl);
  return { deliver: () => quietly(() => sendVerificationEmail(user, { id, link })) };
}

// The answer must not differ for known addresses, so a failed send is logged, not reported.
async function quietly(send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    logEvent("sign_up.send_failed", { error: (error as Error).message }, "error");
  }
}

/** "Send the link again", for a signed-in account that has not verified yet; the join code it signed up with rides along. */
export async function resendVerification(userId: string, baseUrl: string): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.emailVerified) throw new ApiError("conflict", "Your e-mail address is verified already.");
  const mails = await hit(SIGN_UP_LIMITS.mailsPerEmail, user.email);
  if (!mails.allowed) throw rateLimitedError(mails, "verification e-mails");
  const previous = await db.emailVerification.findFirst({
    where: { userId, usedAt: null },
    orderBy: { createdAt: "desc" },
    select: { joinCode: true },
  });
  const { id, link } = await issueVerification(userId, previous?.joinCode ?? null, baseUrl);
  await sendVerificationEmail(user, { id, link });
}
