import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { GET as listReportsRoute } from "@/app/api/reports/route";
import { verifyCredentials } from "../auth/options";
import { sessionStillValid } from "../auth/revocation";
import { db } from "../db";
import { deleteWorkspace } from "../instance/workspace-deletion";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import { changeAccount } from "./accounts";

describe("sessions checked on every request", () => {
  const t = new Date("2026-11-30T12:00:00Z");
  it("counts a session signed in at or after the account's valid-from instant, and none of a deactivated account", () => {
    expect(sessionStillValid({ active: true, sessionsValidFrom: null }, null)).toBe(true);
    expect(sessionStillValid({ active: true, sessionsValidFrom: t }, t.getTime())).toBe(true);
    expect(sessionStillValid({ active: true, sessionsValidFrom: t }, t.getTime() - 1)).toBe(false);
    expect(sessionStillValid({ active: true, sessionsValidFrom: t }, null)).toBe(false);
    expect(sessionStillValid({ active: false, sessionsValidFrom: null }, t.getTime())).toBe(false);
  });
});

describe("deactivating an account", () => {
  it("refuses its API keys on their next request and its sign-in, and records it in the instance trail", async () => {
    const { workspace, people } = await scratchWorkspace({ roles: ROLES });
    const { secret } = await testApiKey(workspace.id, people.admin.email, "member", "admin");
    expect((await callRoute(listReportsRoute, { key: secret })).status).toBe(200);

    await changeAccount(people.owner, people.admin.id, { active: false }, "203.0.113.9");
    const after = await callRoute(listReportsRoute, { key: secret });
    expect(after.status).toBe(401);
    expect((after.body as { error: { code: string } }).error.code).toBe("unauthorized");
    const row = await db.user.findUniqueOrThrow({ where: { id: people.admin.id } });
    expect(row.active).toBe(false);
    expect(row.sessionsValidFrom).not.toBeNull();
    const audit = await db.instanceAuditEvent.findFirstOrThrow({
      where: { action: "account.deactivated", entity: `user:${people.admin.id}` },
    });
    expect(audit).toMatchObject({ actor: people.owner.email, ip: "203.0.113.9" });

    await changeAccount(people.owner, people.admin.id, { active: true }, null);
    expect((await callRoute(listReportsRoute, { key: secret })).status).toBe(200);
  });

  it("refuses the password of a deactivated account", async () => {
    const { people } = await scratchWorkspace({ roles: ROLES });
    await db.user.update({
      where: { id: people.viewer.id },
      data: { passwordHash: await bcrypt.hash("viewer-password-1", 4) },
    });
    expect(await verifyCredentials({ email: people.viewer.email, password: "viewer-password-1" })).not.toBeNull();
    await changeAccount(people.owner, people.viewer.id, { active: false }, null);
    expect(await verifyCredentials({ email: people.viewer.email, password: "viewer-password-1" })).toBeNull();
  });

  it("never lets an admin change their own account", async () => {
    const { people } = await scratchWorkspace({ roles: ROLES });
    await expect(changeAccount(people.owner, people.owner.id, { active: false }, null)).rejects.toMatchObject({
      code: "conflict",
    });
  });
});

describe("deleting a workspace", () => {
  it("keeps the record of its deletion in the instance trail after its own audit events are gone", async () => {
    const { workspace, people } = await scratchWorkspace({ roles: ROLES });
    await db.auditEvent.create({
      data: { workspaceId: workspace.id, actor: people.owner.email, action: "test", entity: "x" },
    });
    await deleteWorkspace(workspace.id, people.owner, null);
    expect(await db.workspace.count({ where: { id: workspace.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { workspaceId: workspace.id } })).toBe(0);
    const record = await db.instanceAuditEvent.findFirstOrThrow({
      where: { action: "workspace.deleted", workspaceId: workspace.id },
    });
    expect(record.actor).toBe(people.owner.email);
    expect(JSON.parse(record.details)).toMatchObject({ name: workspace.name, slug: workspace.slug });
  });
});
