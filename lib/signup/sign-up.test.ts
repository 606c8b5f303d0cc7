import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as signUpRoute } from "@/app/api/sign-up/route";
import { POST as joinRoute } from "@/app/api/join/route";
import { GET as reportsRoute } from "@/app/api/reports/route";
import { createApiKey } from "../api-keys/keys";
import { db } from "../db";
import { WITHHELD_LINK_NOTE, withholdKnownSecretLinks } from "../email/secret-links";
import { listOutbox } from "../email/outbox";
import { updateInstanceSettings, type InstanceSettings } from "../instance/settings";
import { displayDomain } from "../instance/sign-up-domains";
import { joinWithCode, rotateJoinCode } from "../team/team";
import { callRoute } from "../../testing/api";
import { SmtpStandIn } from "../../testing/smtp-server";
import { scratchWorkspace } from "../../testing/workspaces";
import { resendVerification, signUp } from "./sign-up";
import { verifyEmail } from "./verification";

const BASE = "http://chartroom.test";
const ADMIN = { email: "admin@sign-up.test" };
const MAIL_ENV = ["CHARTROOM_MAIL_TRANSPORT", "CHARTROOM_SMTP_HOST", "CHARTROOM_SMTP_PORT", "CHARTROOM_SMTP_TLS"];
const saved = Object.fromEntries(MAIL_ENV.map((k) => [k, process.env[k]]));
const smtp = new SmtpStandIn();

beforeAll(async () => {
  const port = await smtp.start();
  delete process.env.RESEND_API_KEY;
  process.env.CHARTROOM_MAIL_TRANSPORT = "smtp";
  process.env.CHARTROOM_SMTP_HOST = "127.0.0.1";
  process.env.CHARTROOM_SMTP_PORT = String(port);
  process.env.CHARTROOM_SMTP_TLS = "none";
});
afterEach(() => mode({ signUpMode: "invitation", signUpDomains: [] }));
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await smtp.stop();
});

const tag = () => randomBytes(4).toString("hex");
const ip = () => `198.51.100.${randomBytes(1)[0]}-${tag()}`;
const mode = (s: Partial<InstanceSettings>) => updateInstanceSettings(ADMIN, s, null);
const person = (email: string, code?: string) => ({ name: "New Person", email, password: "a-long-password", code });

async function signUpAndDeliver(input: ReturnType<typeof person>, from = ip()) {
  const { deliver } = await signUp(input, { ip: from, baseUrl: BASE });
  await deliver();
}

/** The token of the last confirmation link the SMTP stand-in received for `email`. */
async function linkFor(email: string): Promise<string> {
  const mail = await smtp.waitFor(email);
  const match = /http:\/\/chartroom\.test\/verify-email\/([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? "");
  if (!match) throw new Error(`no confirmation link in ${mail.parsed.text}`);
  smtp.received.splice(smtp.received.indexOf(mail), 1);
  return match[1];
}

async function workspaceWithCode() {
  const { workspace, people } = await scratchWorkspace({ label: "signup" });
  return { workspace, owner: people.owner, code: await rotateJoinCode(workspace.id) };
}

describe("sign-up modes", () => {
  it("by invitation only (the default): nobody signs up, not even with a join code; existing accounts still join with one", async () => {
    await db.appSetting.deleteMany({ where: { key: "instance.access" } });
    const { workspace, code } = await workspaceWithCode();
    const email = `nobody-${tag()}@example.test`;
    await expect(signUp(person(email), { ip: ip(), baseUrl: BASE })).rejects.toMatchObject({ code: "forbidden" });
    await expect(signUp(person(email, code), { ip: ip(), baseUrl: BASE })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await db.user.count({ where: { email } })).toBe(0);

    const { people } = await scratchWorkspace({ label: "existing" });
    expect(await joinWithCode(people.owner.id, code)).toMatchObject({ workspaceId: workspace.id, joined: true });
  });

  it("invitation or join code: only with a workspace's current code, which the account joins once it confirms", async () => {
    await mode({ signUpMode: "invitation_or_code" });
    const { workspace, code } = await workspaceWithCode();
    const email = `coder-${tag()}@example.test`;
    await expect(signUp(person(email), { ip: ip(), baseUrl: BASE })).rejects.toMatchObject({
      code: "invalid_parameter",
      param: "code",
    });
    await expect(signUp(person(email, "ZZZZZZZZ"), { ip: ip(), baseUrl: BASE })).rejects.toMatchObject({
      code: "not_found",
      param: "code",
    });
    await signUpAndDeliver(person(email, code));
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerified).toBe(false);
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);

    const verified = await verifyEmail(await linkFor(email), null);
    expect(verified.joined).toEqual({ workspaceId: workspace.id, name: workspace.name });
    expect(await db.membership.findFirst({ where: { userId: user.id, workspaceId: workspace.id } })).toMatchObject({
      role: "member",
    });
    expect((await db.user.findUniqueOrThrow({ where: { email } })).emailVerified).toBe(true);
    const joined = await db.auditEvent.findFirst({ where: { workspaceId: workspace.id, action: "member.joined" } });
    expect(joined?.actor).toBe(email);
  });

  it("a code changed between sign-up and confirmation confirms the address but joins nothing", async () => {
    await mode({ signUpMode: "invitation_or_code" });
    const { workspace, code } = await workspaceWithCode();
    const email = `late-${tag()}@example.test`;
    await signUpAndDeliver(person(email, code));
    await rotateJoinCode(workspace.id);
    const verified = await verifyEmail(await linkFor(email), null);
    expect(verified.joined).toBeNull();
    expect(verified.joinProblem).toMatch(/changed/);
  });

  it("open: anyone, with or without a code", async () => {
    await mode({ signUpMode: "open", signUpDomains: [] });
    const email = `open-${tag()}@anywhere.test`;
    await signUpAndDeliver(person(email));
    expect(await db.user.findUnique({ where: { email } })).toMatchObject({ emailVerified: false });
  });

  it("open limited to domains: exact domains whatever their case or spelling, not subdomains, look-alikes or trailing dots", async () => {
    const settings = await mode({
      signUpMode: "open",
      signUpDomains: ["Example.COM.", "bücher.example"],
    });
    expect(settings.signUpDomains).toEqual(["example.com", "xn--bcher-kva.example"]);
    expect(settings.signUpDomains.map(displayDomain)).toEqual(["example.com", "bücher.example"]);
    const allowed = [`A-${tag()}@EXAMPLE.com`, `b-${tag()}@example.com`, `c-${tag()}@xn--bcher-kva.example`];
    for (const email of allowed) await signUpAndDeliver(person(email.toLowerCase()));
    for (const email of allowed) expect(await db.user.count({ where: { email: email.toLowerCase() } })).toBe(1);

    const refused = [
      `d-${tag()}@mail.example.com`,
      `e-${tag()}@evilexample.com`,
      `f-${tag()}@example.com.evil.test`,
      // Cyrillic "е" in place of the Latin one, and a look-alike of the IDN.
      `g-${tag()}@\u0435xample.com`,
      `h-${tag()}@b\u00fccher.example.evil`,
    ];
    for (const email of refused) {
      await expect(signUp(person(email), { ip: ip(), baseUrl: BASE })).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(signUp(person(`i-${tag()}@example.com.`), { ip: ip(), baseUrl: BASE })).rejects.toMatchObject({
      code: "invalid_parameter",
      param: "email",
    });
    // A join code lets anyone in, as in the code mode.
    const { code } = await workspaceWithCode();
    await signUpAndDeliver(person(`j-${tag()}@elsewhere.test`, code));
  });

  it("refuses a domain list entry that is not a domain", async () => {
    const { instanceSettingsBody } = await import("../instance/settings");
    expect(instanceSettingsBody.safeParse({ signUpDomains: ["not a domain"] }).success).toBe(false);
    expect(instanceSettingsBody.safeParse({ signUpDomains: ["user@example.com"] }).success).toBe(false);
  });
});

describe("duplicates and enumeration", () => {
  it("an address with an account, in any case, gets no second account and the same answer; its owner is told by e-mail", async () => {
    await mode({ signUpMode: "open", signUpDomains: [] });
    const { people } = await scratchWorkspace({ label: "dupe" });
    const existing = people.owner.email;
    const before = await db.user.findUniqueOrThrow({ where: { email: existing } });
    await signUpAndDeliver(person(existing.toUpperCase()));
    expect(await db.user.count({ where: { email: existing } })).toBe(1);
    const after = await db.user.findUniqueOrThrow({ where: { email: existing } });
    expect(after.passwordHash).toBe(before.passwordHash);
    const mail = await smtp.waitFor(existing);
    expect(mail.parsed.subject).toBe("You already have a Chartroom account");

    const fresh = `fresh-${tag()}@example.test`;
    const answers = await Promise.all(
      [existing.toUpperCase(), fresh].map((email) =>
        callRoute(signUpRoute, { body: { name: "X", email, password: "a-long-password" } }),
      ),
    );
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0].status).toBe(202);
  });

  it("a second sign-up of an unconfirmed address replaces its password and voids the first link", async () => {
    await mode({ signUpMode: "open", signUpDomains: [] });
    const email = `twice-${tag()}@example.test`;
    await signUpAndDeliver(person(email));
    const first = await linkFor(email);
    await signUpAndDeliver({ ...person(email), password: "another-long-password" });
    const second = await linkFor(email);
    expect(await db.user.count({ where: { email } })).toBe(1);
    await expect(verifyEmail(first, null)).rejects.toMatchObject({ code: "gone" });
    await verifyEmail(second, null);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await bcrypt.compare("another-long-password", user.passwordHash)).toBe(true);
  });
});

describe("rate limits", () => {
  it("limits sign-ups per client address", async () => {
    await mode({ signUpMode: "open", signUpDomains: [] });
    const from = ip();
    for (let i = 0; i < 10; i++) await signUpAndDeliver(person(`burst-${i}-${tag()}@example.test`), from);
    await expect(signUp(person(`burst-x-${tag()}@example.test`), { ip: from, baseUrl: BASE })).rejects.toMatchObject({
      code: "rate_limited",
    });
  });

  it("limits e-mails per address the same way whether or not it has an account", async () => {
    await mode({ signUpMode: "open", signUpDomains: [] });
    const { people } = await scratchWorkspace({ label: "limit" });
    for (const email of [people.owner.email, `unknown-${tag()}@example.test`]) {
      for (let i = 0; i < 5; i++) await signUp(person(email), { ip: ip(), baseUrl: BASE });
      await expect(signUp(person(email), { ip: ip(), baseUrl: BASE })).rejects.toMatchObject({
        code: "rate_limited",
      });
    }
  });
});

describe("sending the link again", () => {
  it("voids the earlier link, keeps the join code, counts against the address's limit and stops once confirmed", async () => {
    await mode({ signUpMode: "invitation_or_code" });
    const { workspace, code } = await workspaceWithCode();
    const email = `again-${tag()}@example.test`;
    await signUpAndDeliver(person(email, code));
    const first = await linkFor(email);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    await resendVerification(user.id, BASE);
    const second = await linkFor(email);
    await expect(verifyEmail(first, null)).rejects.toMatchObject({ code: "gone" });
    for (let i = 0; i < 3; i++) await resendVerification(user.id, BASE);
    await expect(resendVerification(user.id, BASE)).rejects.toMatchObject({ code: "rate_limited" });
    // The last link sent before the limit is the one that works.
    let latest = second;
    while (smtp.received.some((m) => m.to.includes(email))) latest = await linkFor(email);
    expect((await verifyEmail(latest, null)).joined?.workspaceId).toBe(workspace.id);
    await expect(resendVerification(user.id, BASE)).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("the sign-up route", () => {
  it("answers 403 by invitation only and 202 when open, never creating an account in the first case", async () => {
    const email = `route-${tag()}@example.test`;
    const closed = await callRoute(signUpRoute, { body: { name: "R", email, password: "a-long-password" } });
    expect(closed.status).toBe(403);
    expect(closed.body).toMatchObject({ error: { code: "forbidden" } });
    await mode({ signUpMode: "open", signUpDomains: ["example.test"] });
    const open = await callRoute(signUpRoute, { body: { name: "R", email, password: "a-long-password" } });
    expect(open.status).toBe(202);
    await expect.poll(() => db.user.count({ where: { email } })).toBe(1);
    const other = await callRoute(signUpRoute, {
      body: { name: "R", email: `route-${tag()}@other.test`, password: "a-long-password" },
    });
    expect(other.status).toBe(403);
    const bad = await callRoute(signUpRoute, { body: { name: "R", email: "no", password: "short" } });
    expect(bad.status).toBe(400);
  });
});

describe("confirmation", () => {
  it("works once, not after it expired, not with a wrong token", async () => {
    await mode({ signUpMode: "open", signUpDomains: [] });
    const email = `verify-${tag()}@example.test`;
    await signUpAndDeliver(person(email));
    const token = await linkFor(email);
    await expect(verifyEmail(`${token}x`, null)).rejects.toMatchObject({ code: "gone" });
    await expect(verifyEmail("A".repeat(43), null)).rejects.toMatchObject({ code: "gone" });
    const stored = await db.emailVerification.findFirstOrThrow({ where: { user: { email } } });
    expect(stored.tokenHash).not.toContain(token);
    await verifyEmail(token, null);
    await expect(verifyEmail(token, null)).rejects.toMatchObject({ code: "gone" });

    const late = `expired-${tag()}@example.test`;
    await signUpAndDeliver(person(late));
    const lateToken = await linkFor(late);
    await db.emailVerification.updateMany({
      where: { user: { email: late } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(verifyEmail(lateToken, null)).rejects.toMatchObject({ code: "gone" });
    expect((await db.user.findUniqueOrThrow({ where: { email: late } })).emailVerified).toBe(false);
  });

  it("in the outbox, the link is withheld: no workspace admin can read it", async () => {
    await mode({ signUpMode: "invitation_or_code" });
    const { workspace, code } = await workspaceWithCode();
    const email = `outbox-${tag()}@example.test`;
    process.env.CHARTROOM_MAIL_TRANSPORT = "outbox";
    try {
      await signUpAndDeliver(person(email, code));
    } finally {
      process.env.CHARTROOM_MAIL_TRANSPORT = "smtp";
    }
    const kept = await db.outboxEmail.findFirstOrThrow({ where: { toAddress: email } });
    expect(kept.workspaceId).toBeNull();
    expect(`${kept.text}${kept.html}`).not.toMatch(/verify-email\/[A-Za-z0-9_-]{20,}/);
    expect(kept.text).toContain(WITHHELD_LINK_NOTE);
    expect((await listOutbox(workspace.id)).map((m) => m.to)).not.toContain(email);
  });

  it("the outbox's backstop withholds a confirmation link even when its composer forgot to mark it", () => {
    const kept = withholdKnownSecretLinks(`Confirm: http://chartroom.test/verify-email/${"a".repeat(43)} thanks`);
    expect(kept).toBe(`Confirm: ${WITHHELD_LINK_NOTE} thanks`);
  });

  it("an unconfirmed account is refused by the workspace wrapper and by join codes, with a clear error", async () => {
    await mode({ signUpMode: "open", signUpDomains: [] });
    const { workspace, code } = await workspaceWithCode();
    const email = `unconfirmed-${tag()}@example.test`;
    await signUpAndDeliver(person(email));
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    // Even a membership made behind its back does not let it act before it confirms.
    await db.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: "owner" } });
    const { secret } = await createApiKey({
      workspaceId: workspace.id,
      name: "unconfirmed",
      role: "viewer",
      creatorId: user.id,
      creatorRole: "owner",
    });
    const refused = await callRoute(reportsRoute, { key: secret });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: "email_unverified", message: /Confirm your e-mail address/ } });
    const join = await callRoute(joinRoute, { key: secret, body: { code } });
    expect(join.status).toBe(403);

    await verifyEmail(await linkFor(email), null);
    expect((await callRoute(reportsRoute, { key: secret })).status).toBe(200);
  });

  it("accepting an invitation proves the address", async () => {
    const { createInvite, acceptInvite } = await import("../team/team");
    const { workspace, people } = await scratchWorkspace({ label: "invited" });
    await db.user.update({ where: { id: people.owner.id }, data: { emailVerified: false } });
    const { workspace: other, people: others } = await scratchWorkspace({ label: "inviter" });
    const { token } = await createInvite(
      other.id,
      { ...others.owner, role: "owner" },
      {
        email: people.owner.email,
        role: "member",
      },
    );
    await acceptInvite(token, people.owner, {});
    expect((await db.user.findUniqueOrThrow({ where: { id: people.owner.id } })).emailVerified).toBe(true);
    expect(workspace.id).not.toBe(other.id);
  });
});
