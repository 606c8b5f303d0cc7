import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/workspaces/route";
import { createApiKey } from "../api-keys/keys";
import { db } from "../db";
import { REPORT_TEMPLATES } from "../reports/templates";
import { DEFAULT_SCHEDULE } from "../schedules/defaults";
import { callRoute } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { listInstanceAudit } from "./audit";
import { instanceSettings, updateInstanceSettings } from "./settings";
import { createWorkspace } from "./workspace-creation";

const ADMIN = { email: "admin@creation.test" };
afterEach(() => updateInstanceSettings(ADMIN, { workspaceCreators: "verified_users" }, null));

async function someone() {
  const { people } = await scratchWorkspace({ label: "creator", templates: false });
  return people.owner;
}

describe("creating a workspace", () => {
  it("makes the creator its owner, with the built-in reports and the weekly Usage Summary, recorded in both trails", async () => {
    const creator = await someone();
    const name = `Made ${randomBytes(3).toString("hex")}`;
    const created = await createWorkspace(creator.id, { name, timezone: "Europe/Kiev" }, "203.0.113.9");
    expect(created).toMatchObject({ name, role: "owner", timezone: "Europe/Kyiv" });
    expect(await db.membership.findFirst({ where: { workspaceId: created.id, userId: creator.id } })).toMatchObject({
      role: "owner",
    });

    const reports = await db.report.findMany({ where: { workspaceId: created.id } });
    expect(reports.map((r) => r.templateKey).sort()).toEqual(REPORT_TEMPLATES.map((t) => t.key).sort());
    const schedules = await db.schedule.findMany({ where: { workspaceId: created.id } });
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ name: DEFAULT_SCHEDULE.name, recipients: JSON.stringify([creator.email]) });
    expect(schedules[0].reportId).toBe(reports.find((r) => r.templateKey === "usage_summary")?.id);

    const [instance] = await listInstanceAudit({ limit: 20, action: "workspace.created" }).then((rows) =>
      rows.filter((r) => r.workspaceId === created.id),
    );
    expect(instance).toMatchObject({ actor: creator.email, ip: "203.0.113.9", details: { name } });
    const own = await db.auditEvent.findFirst({ where: { workspaceId: created.id, action: "workspace.created" } });
    expect(own?.actor).toBe(creator.email);
  });

  it("refuses an account that has not confirmed its address", async () => {
    const creator = await someone();
    await db.user.update({ where: { id: creator.id }, data: { emailVerified: false } });
    await expect(createWorkspace(creator.id, { name: "Nope", timezone: "UTC" }, null)).rejects.toMatchObject({
      code: "email_unverified",
      status: 403,
    });
  });

  it("with instance admins only, refuses everyone else and lets admins create", async () => {
    await updateInstanceSettings(ADMIN, { workspaceCreators: "instance_admins" }, null);
    expect((await instanceSettings()).workspaceCreators).toBe("instance_admins");
    const creator = await someone();
    await expect(createWorkspace(creator.id, { name: "Nope", timezone: "UTC" }, null)).rejects.toMatchObject({
      code: "forbidden",
    });
    await db.user.update({ where: { id: creator.id }, data: { instanceAdmin: true } });
    expect(await createWorkspace(creator.id, { name: "Admin's", timezone: "UTC" }, null)).toMatchObject({
      role: "owner",
    });
  });

  it("the route refuses API keys and unknown time zones", async () => {
    const { workspace, people } = await scratchWorkspace({ label: "route" });
    const { secret } = await createApiKey({
      workspaceId: workspace.id,
      name: "k",
      role: "admin",
      creatorId: people.owner.id,
      creatorRole: "owner",
    });
    const res = await callRoute(createRoute, { key: secret, body: { name: "By key" } });
    expect(res.status).toBe(403);
    await expect(createWorkspace(people.owner.id, { name: "Zone", timezone: "Mars/Base" }, null)).rejects.toMatchObject(
      { code: "unprocessable", param: "timezone" },
    );
  });
});

describe("instance settings", () => {
  it("records each change in the instance audit trail with before and after, and nothing when nothing changed", async () => {
    await updateInstanceSettings(ADMIN, { signUpMode: "invitation", signUpDomains: [] }, null);
    const before = (await listInstanceAudit({ limit: 1, action: "instance.settings_changed" }))[0]?.id ?? 0;
    await updateInstanceSettings(ADMIN, { signUpMode: "open", signUpDomains: ["Example.org"] }, "192.0.2.1");
    await updateInstanceSettings(ADMIN, { signUpMode: "open" }, "192.0.2.1");
    const rows = (await listInstanceAudit({ limit: 10, action: "instance.settings_changed" })).filter(
      (r) => r.id > before,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: ADMIN.email,
      ip: "192.0.2.1",
      details: { signUpMode: { from: "invitation", to: "open" }, signUpDomains: { from: [], to: ["example.org"] } },
    });
    await updateInstanceSettings(ADMIN, { signUpMode: "invitation", signUpDomains: [] }, null);
  });
});
