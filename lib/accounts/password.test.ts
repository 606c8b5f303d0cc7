import bcrypt from "bcryptjs";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as forgotRoute } from "@/app/api/account/forgot-password/route";
import { POST as resetRoute } from "@/app/api/account/reset-password/route";
import { verifyCredentials } from "../auth/options";
import { sessionStillValid } from "../auth/revocation";
import { authSecret } from "../auth-secret";
import { db } from "../db";
import { WITHHELD_LINK_NOTE } from "../email/secret-links";
import { callRoute } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import { SmtpStandIn } from "../../testing/smtp-server";
import { changePassword, requestPasswordReset } from "./password";
import { renewedSessionCookie } from "../auth/session-cookie";

const BASE = "http://chartroom.test";
const OLD = "old-password-123";
const NEW = "new-password-456";
const MAIL_ENV = [
  "CHARTROOM_MAIL_TRANSPORT",
  "CHARTROOM_SMTP_HOST",
  "CHARTROOM_SMTP_PORT",
  "CHARTROOM_SMTP_TLS",
  "RESEND_API_KEY",
];
const saved = Object.fromEntries(MAIL_ENV.map((k) => [k, process.env[k]]));
const smtp = new SmtpStandIn();
let smtpPort = 0;

function useSmtp() {
  delete process.env.RESEND_API_KEY;
  process.env.CHARTROOM_MAIL_TRANSPORT = "smtp";
  process.env.CHARTROOM_SMTP_HOST = "127.0.0.1";
  process.env.CHARTROOM_SMTP_PORT = String(smtpPort);
  process.env.CHARTROOM_SMTP_TLS = "none";
}

beforeAll(async () => {
  smtpPort = await smtp.start();
});
beforeEach(useSmtp);
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await smtp.stop();
});

async function person() {
  const { people } = await scratchWorkspace({ roles: ROLES });
  const user = people.member;
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await bcrypt.hash(OLD, 4) } });
  return user;
}

function linkToken(text: string): string {
  const match = /http:\/\/chartroom\.test\/reset-password\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no reset link in:\n${text}`);
  return match[1];
}

describe("forgotten password", () => {
  it("e-mails a reset link over SMTP that sets a new password once and ends every session", async () => {
    const user = await person();
    await requestPasswordReset(user.email, BASE);
    const mail = await smtp.waitFor(user.email);
    expect(mail.parsed.subject).toBe("Reset your Chartroom password");
    const token = linkToken(mail.parsed.text ?? "");
    expect(linkToken(String(mail.parsed.html))).toBe(token);

    const before = Date.now();
    const reset = await callRoute(resetRoute, { body: { token, password: NEW } });
    expect(reset).toEqual({ status: 200, body: { ok: true } });
    expect(await verifyCredentials({ email: user.email, password: NEW })).not.toBeNull();
    expect(await verifyCredentials({ email: user.email, password: OLD })).toBeNull();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.sessionsValidFrom!.getTime()).toBeGreaterThanOrEqual(before - 5);

    const again = await callRoute(resetRoute, { body: { token, password: "third-password-789" } });
    expect(again.status).toBe(410);
    expect((again.body as { error: { code: string } }).error.code).toBe("gone");
    expect(await verifyCredentials({ email: user.email, password: NEW })).not.toBeNull();
    const audit = await db.instanceAuditEvent.findFirst({
      where: { action: "account.password_reset", entity: `user:${user.id}` },
    });
    expect(audit?.actor).toBe(user.email);
  });

  it("refuses a link after its hour", async () => {
    const user = await person();
    await requestPasswordReset(user.email, BASE);
    const token = linkToken((await smtp.waitFor(user.email)).parsed.text ?? "");
    await db.passwordReset.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const res = await callRoute(resetRoute, { body: { token, password: NEW } });
    expect(res.status).toBe(410);
    expect(await verifyCredentials({ email: user.email, password: OLD })).not.toBeNull();
  });

  it("answers the same whether or not the address has an account, and sends only to a real one", async () => {
    const user = await person();
    const unknown = `nobody-${Date.now()}@scratch.test`;
    const a = await callRoute(forgotRoute, { body: { email: unknown } });
    const b = await callRoute(forgotRoute, { body: { email: user.email.toUpperCase() } });
    expect(a.status).toBe(202);
    expect(b).toEqual(a);
    await smtp.waitFor(user.email);
    expect(smtp.received.some((m) => m.to.includes(unknown))).toBe(false);
    expect(await db.passwordReset.count({ where: { user: { email: unknown } } })).toBe(0);
  });

  it("limits requests per address, known or not", async () => {
    process.env.CHARTROOM_RATE_RESET_PER_EMAIL = "2";
    try {
      const email = `limited-${Date.now()}@scratch.test`;
      expect((await callRoute(forgotRoute, { body: { email } })).status).toBe(202);
      expect((await callRoute(forgotRoute, { body: { email } })).status).toBe(202);
      const third = await callRoute(forgotRoute, { body: { email } });
      expect(third.status).toBe(429);
      expect((third.body as { error: { code: string } }).error.code).toBe("rate_limited");
    } finally {
      delete process.env.CHARTROOM_RATE_RESET_PER_EMAIL;
    }
  });

  it("keeps the reset link out of the outbox copy", async () => {
    process.env.CHARTROOM_MAIL_TRANSPORT = "outbox";
    const user = await person();
    await requestPasswordReset(user.email, BASE);
    const kept = await db.outboxEmail.findFirstOrThrow({ where: { toAddress: user.email } });
    expect(kept.text).toContain(WITHHELD_LINK_NOTE);
    expect(kept.text).not.toMatch(/reset-password\/[A-Za-z0-9_-]{20,}/);
    expect(kept.html).not.toMatch(/reset-password\/[A-Za-z0-9_-]{20,}/);
  });
});

describe("changing a password", () => {
  it("needs the current password, ends older sessions and gives the caller a session that still counts", async () => {
    const user = await person();
    await expect(changePassword(user.id, "wrong-password-1", NEW)).rejects.toMatchObject({
      code: "invalid_parameter",
      param: "currentPassword",
    });
    const signedInBefore = Date.now() - 1;
    const at = await changePassword(user.id, OLD, NEW);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(sessionStillValid(row, signedInBefore)).toBe(false);
    const cookie = await renewedSessionCookie({ id: user.id, email: user.email, name: "x" }, at, false);
    const token = await decode({ token: /=([^;]+)/.exec(cookie)![1], secret: authSecret() });
    expect(token?.sub).toBe(user.id);
    expect(sessionStillValid(row, token?.sat as number)).toBe(true);
    expect(await verifyCredentials({ email: user.email, password: NEW })).not.toBeNull();
  });
});
