import { describe, expect, it } from "vitest";
import { POST as acceptRoute } from "@/app/api/invites/accept/route";
import { POST as rotateRoute } from "@/app/api/team/join-code/route";
import { DELETE as removeRoute, PATCH as changeRoleRoute } from "@/app/api/team/members/[userId]/route";
import { POST as inviteLinkRoute } from "@/app/api/team/invites/[id]/link/route";
import { POST as inviteRoute } from "@/app/api/team/invites/route";
import { GET as teamRoute } from "@/app/api/team/route";
import type { Role } from "../roles";
import { verifyCredentials } from "../auth/options";
import { WITHHELD_LINK_NOTE } from "../email/secret-links";
import { db } from "../db";
import { callRoute, testApiKey } from "../../testing/api";
import { seeded } from "../../testing/db";
import { scratchWorkspace } from "../../testing/workspaces";
import type { Team } from "./schemas";
import {
  acceptInvite,
  changeRole,
  createInvite,
  hashToken,
  joinWithCode,
  reissueInviteLink,
  removeMember,
} from "./team";

const { acme } = seeded();
let counter = 0;

async function person(role: Role | null, workspaceId = acme.id) {
  counter += 1;
  const user = await db.user.create({
    data: { email: `team-${Date.now()}-${counter}@example.test`, name: `Person ${counter}`, passwordHash: "x" },
  });
  if (role) await db.membership.create({ data: { userId: user.id, workspaceId, role } });
  return { id: user.id, email: user.email, name: user.name, role: role ?? ("viewer" as Role) };
}

describe("team roles", () => {
  it("keeps the last owner: no demotion, no removal (409), until another owner exists", async () => {
    const ws = (await scratchWorkspace({ label: "team", roles: [] })).workspace;
    const owner = await person("owner", ws.id);
    const admin = await person("admin", ws.id);
    await expect(changeRole(ws.id, owner, owner.id, "admin")).rejects.toMatchObject({ code: "conflict", status: 409 });
    await expect(removeMember(ws.id, owner, owner.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(changeRole(ws.id, admin, owner.id, "member")).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeRole(ws.id, admin, admin.id, "owner")).rejects.toMatchObject({ code: "forbidden" });
    await changeRole(ws.id, owner, admin.id, "owner");
    const { member } = await changeRole(ws.id, { ...admin, role: "owner" }, owner.id, "member");
    expect(member.role).toBe("member");
  });

  it("changes roles and removes members through the API, audited; viewers cannot", async () => {
    const target = await person("member");
    const { secret: admin } = await testApiKey(acme.id, "alex@acme.test", "admin", "admin");
    const res = await callRoute(changeRoleRoute, {
      method: "PATCH",
      key: admin,
      params: { userId: target.id },
      body: { role: "viewer" },
    });
    expect(res).toMatchObject({ status: 200, body: { member: { userId: target.id, role: "viewer" } } });
    const audit = await db.auditEvent.findFirst({
      where: { entity: `user:${target.id}`, action: "member.role_changed" },
    });
    expect(JSON.parse(audit?.details ?? "{}")).toMatchObject({ from: "member", to: "viewer" });
    const toOwner = await callRoute(changeRoleRoute, {
      method: "PATCH",
      key: admin,
      params: { userId: target.id },
      body: { role: "owner" },
    });
    expect(toOwner.status).toBe(403);

    const { secret: viewer } = await testApiKey(acme.id, "victor@acme.test", "viewer", "viewer");
    expect(
      (await callRoute(removeRoute, { method: "DELETE", key: viewer, params: { userId: target.id } })).status,
    ).toBe(403);
    await createInvite(
      acme.id,
      { id: "x", email: "demo@chartroom.dev", role: "owner" },
      { email: `pending-${Date.now()}@example.test`, role: "viewer" },
    );
    const team = await callRoute(teamRoute, { key: viewer });
    expect((team.body as Team).joinCode).toBeNull();
    // Pending invites are the admins' business only.
    expect((team.body as Team).invites).toEqual([]);
    expect((team.body as Team).members.some((m) => m.email === "demo@chartroom.dev" && m.role === "owner")).toBe(true);

    const removed = await callRoute(removeRoute, { method: "DELETE", key: admin, params: { userId: target.id } });
    expect(removed.status).toBe(200);
    expect(await db.membership.count({ where: { userId: target.id, workspaceId: acme.id } })).toBe(0);
    expect((await callRoute(removeRoute, { method: "DELETE", key: admin, params: { userId: target.id } })).status).toBe(
      404,
    );
  });
});

describe("join codes", () => {
  it("rotates an 8-character code; the new one makes a member, the old one stops working", async () => {
    const { secret: admin } = await testApiKey(acme.id, "alex@acme.test", "admin", "admin");
    const first = (await callRoute(rotateRoute, { method: "POST", key: admin })).body as { joinCode: string };
    expect(first.joinCode).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    const second = (await callRoute(rotateRoute, { method: "POST", key: admin })).body as { joinCode: string };
    expect(second.joinCode).not.toBe(first.joinCode);

    const newcomer = await person(null);
    await expect(joinWithCode(newcomer.id, first.joinCode)).rejects.toMatchObject({ code: "not_found" });
    expect(await joinWithCode(newcomer.id, second.joinCode)).toMatchObject({
      workspaceId: acme.id,
      role: "member",
      joined: true,
    });
    expect(await joinWithCode(newcomer.id, second.joinCode)).toMatchObject({ joined: false, role: "member" });
    const team = (await callRoute(teamRoute, { key: admin })).body as Team;
    expect(team.joinCode).toBe(second.joinCode);

    const guesser = await person(null);
    for (let i = 0; i < 10; i++)
      await expect(joinWithCode(guesser.id, "ZZZZZZZZ")).rejects.toMatchObject({ code: "not_found" });
    // Even the right code waits once the guesses ran out.
    await expect(joinWithCode(guesser.id, second.joinCode)).rejects.toMatchObject({
      code: "rate_limited",
      status: 429,
    });
  });
});

const outcome = () => 200;
/** What the route would answer: an ApiError's status, anything else is the 500 the wrapper makes of it. */
const failure = (e: { status?: number }) => e.status ?? 500;

describe("invites", () => {
  it("stores only the token's digest, expires in 7 days and creates an account on acceptance", async () => {
    const ws = (await scratchWorkspace({ label: "team", roles: [] })).workspace;
    const owner = await person("owner", ws.id);
    const email = `invited-${Date.now()}@example.test`;
    const { invite, token } = await createInvite(ws.id, owner, { email, role: "admin" });
    const row = await db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeCloseTo(7 * 24 * 3600_000, -4);

    await expect(acceptInvite(token, null, {})).rejects.toMatchObject({ code: "invalid_parameter", param: "name" });
    expect(await acceptInvite(token, null, { name: "New Person", password: "a-good-password" })).toMatchObject({
      workspaceId: ws.id,
      role: "admin",
      created: true,
    });
    expect(await verifyCredentials({ email, password: "a-good-password" })).toMatchObject({ email });
    await expect(acceptInvite(token, null, { name: "Again", password: "a-good-password" })).rejects.toMatchObject({
      status: 410,
    });
    // API keys act for people who already belong somewhere; they never accept invites.
    const { secret } = await testApiKey(ws.id, owner.email, "admin");
    expect((await callRoute(acceptRoute, { key: secret, body: { token } })).status).toBe(403);
  });

  it('e-mails the invite without keeping its token in the outbox; "copy invite link" issues a working link', async () => {
    const { secret: admin } = await testApiKey(acme.id, "alex@acme.test", "admin", "admin");
    const email = `mailed-${Date.now()}@example.test`;
    const res = await callRoute(inviteRoute, { key: admin, body: { email: email.toUpperCase(), role: "member" } });
    expect(res).toMatchObject({
      status: 201,
      body: { invite: { email, role: "member" }, email: { transport: "outbox" } },
    });
    const inviteId = (res.body as { invite: { id: string } }).invite.id;
    const sent = await db.outboxEmail.findUniqueOrThrow({ where: { idempotencyKey: `invite:${inviteId}` } });
    expect(sent).toMatchObject({ toAddress: email, workspaceId: acme.id });
    expect(sent.subject).toContain("Acme");
    // Whoever reads the outbox must not be able to accept in the recipient's place.
    expect(`${sent.text}\n${sent.html}`).not.toMatch(/\/invite\/[A-Za-z0-9_-]{20,}/);
    expect(sent.text).toContain(WITHHELD_LINK_NOTE);
    expect(sent.html).toContain(WITHHELD_LINK_NOTE);
    const team = (await callRoute(teamRoute, { key: admin })).body as Team;
    expect(team.invites.map((i) => i.email)).toContain(email);

    const issued = await callRoute(inviteLinkRoute, { method: "POST", key: admin, params: { id: inviteId } });
    expect(issued).toMatchObject({ status: 200, body: { invite: { id: inviteId, email } } });
    const url = (issued.body as { url: string }).url;
    const token = /\/invite\/([A-Za-z0-9_-]+)$/.exec(url)?.[1] ?? "";
    const again = await callRoute(inviteLinkRoute, { method: "POST", key: admin, params: { id: inviteId } });
    const newest = /\/invite\/([A-Za-z0-9_-]+)$/.exec((again.body as { url: string }).url)?.[1] ?? "";
    // Each copy replaces the token, so only the newest link works.
    await expect(acceptInvite(token, null, { name: "Mailed", password: "long-enough" })).rejects.toMatchObject({
      status: 404,
    });
    expect(await acceptInvite(newest, null, { name: "Mailed", password: "long-enough" })).toMatchObject({
      workspaceId: acme.id,
      role: "member",
    });
    expect(await db.auditEvent.count({ where: { entity: `invite:${inviteId}`, action: "member.invited" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { entity: `invite:${inviteId}`, action: "invite.link_issued" } })).toBe(
      2,
    );
    expect((await callRoute(inviteLinkRoute, { method: "POST", key: admin, params: { id: inviteId } })).status).toBe(
      404,
    );
  });

  it("copies invite links for admins only, never to a role above the caller's", async () => {
    const ws = (await scratchWorkspace({ label: "team", roles: [] })).workspace;
    const owner = await person("owner", ws.id);
    const admin = await person("admin", ws.id);
    const { invite } = await createInvite(ws.id, owner, {
      email: `owner-to-be-${Date.now()}@example.test`,
      role: "admin",
    });
    await db.invite.update({ where: { id: invite.id }, data: { role: "owner" } });
    await expect(reissueInviteLink(ws.id, admin, invite.id)).rejects.toMatchObject({ code: "forbidden" });
    expect((await reissueInviteLink(ws.id, owner, invite.id)).token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const { secret: member } = await testApiKey(acme.id, "mia@acme.test", "member", "member");
    const pending = await createInvite(
      acme.id,
      { id: "x", email: "demo@chartroom.dev", role: "owner" },
      { email: `p-${Date.now()}@example.test`, role: "viewer" },
    );
    expect(
      (await callRoute(inviteLinkRoute, { method: "POST", key: member, params: { id: pending.invite.id } })).status,
    ).toBe(403);
    // Another workspace's invite is not there at all.
    const { secret: globexAdmin } = await testApiKey(seeded().globex.id, "demo@chartroom.dev", "admin");
    expect(
      (await callRoute(inviteLinkRoute, { method: "POST", key: globexAdmin, params: { id: pending.invite.id } }))
        .status,
    ).toBe(404);
  });

  it("lets exactly one of several simultaneous acceptances of an invite succeed; the others get 409 or 410", async () => {
    const ws = (await scratchWorkspace({ label: "team", roles: [] })).workspace;
    const owner = await person("owner", ws.id);
    const email = `racer-${Date.now()}@example.test`;
    const { token } = await createInvite(ws.id, owner, { email, role: "member" });
    const statuses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        acceptInvite(token, null, { name: `Racer ${i}`, password: "long-enough" }).then(outcome, failure),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 409 || s === 410)).toBe(true);
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await db.membership.count({ where: { workspaceId: ws.id, user: { email } } })).toBe(1);

    const existing = await person(null);
    const { token: signedIn } = await createInvite(ws.id, owner, { email: existing.email, role: "viewer" });
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => acceptInvite(signedIn, existing, {}).then(outcome, failure)),
    );
    expect(outcomes.filter((s) => s === 200)).toHaveLength(1);
    expect(outcomes.every((s) => s === 200 || s === 409 || s === 410)).toBe(true);
  });

  it("refuses expired invites, someone else's invite, and invites above the inviter's role", async () => {
    const ws = (await scratchWorkspace({ label: "team", roles: [] })).workspace;
    const owner = await person("owner", ws.id);
    const admin = await person("admin", ws.id);
    await expect(
      createInvite(ws.id, { ...admin, role: "member" }, { email: "x@example.test", role: "admin" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(createInvite(ws.id, owner, { email: admin.email, role: "member" })).rejects.toMatchObject({
      code: "conflict",
    });

    const stranger = await person(null);
    const { invite, token } = await createInvite(ws.id, owner, {
      email: `other-${Date.now()}@example.test`,
      role: "member",
    });
    await expect(acceptInvite(token, stranger, {})).rejects.toMatchObject({ code: "forbidden" });
    await db.invite.update({ where: { id: invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(acceptInvite(token, null, { name: "x", password: "long-enough" })).rejects.toMatchObject({
      code: "gone",
      status: 410,
    });

    const { token: mine } = await createInvite(ws.id, owner, { email: stranger.email, role: "viewer" });
    expect(await acceptInvite(mine, stranger, {})).toMatchObject({
      workspaceId: ws.id,
      role: "viewer",
      created: false,
    });
  });
});
