import { describe, expect, it } from "vitest";
import { PATCH as settingsRoute } from "@/app/api/settings/route";
import { db } from "./db";
import { callRoute, testApiKey } from "../testing/api";
import { seeded } from "../testing/db";
import { scratchWorkspace } from "../testing/workspaces";
import {
  listWorkspaces,
  resolveWorkspace,
  updateWorkspaceSettings,
  workspaceSettings,
  workspaceSettingsBody,
} from "./workspaces";

async function userId(email: string) {
  return (await db.user.findUniqueOrThrow({ where: { email } })).id;
}

describe("workspace membership", () => {
  it("resolves only workspaces the user belongs to", async () => {
    const { acme, globex } = seeded();
    const gina = await userId("gina@globex.test");
    expect(await resolveWorkspace(gina, acme.id)).toBeNull();
    expect((await resolveWorkspace(gina, globex.id))?.role).toBe("owner");
    expect((await resolveWorkspace(gina))?.workspace.id).toBe(globex.id);
  });

  it("lists every membership with its role", async () => {
    const dana = await userId("demo@chartroom.dev");
    const list = await listWorkspaces(dana);
    expect(list.map((w) => [w.slug, w.role])).toEqual([
      ["acme", "owner"],
      ["globex", "admin"],
    ]);
  });
});

describe("workspace locale", () => {
  it("accepts a supported locale, refuses others, and reads unknown stored values as the default", async () => {
    const { globex } = seeded();
    expect(workspaceSettingsBody.safeParse({ locale: "de-DE" }).success).toBe(true);
    expect(workspaceSettingsBody.safeParse({ locale: "xx-YY" }).success).toBe(false);
    expect((await updateWorkspaceSettings(globex.id, { locale: "de-DE" })).locale).toBe("de-DE");
    await db.workspace.update({ where: { id: globex.id }, data: { locale: "tlh" } });
    expect((await workspaceSettings(globex.id)).locale).toBe("en-US");
    await updateWorkspaceSettings(globex.id, { locale: "en-US" });
  });
});

describe("renaming a workspace", () => {
  it("is for owners: an admin gets a 403 naming `name`, and may still send the name unchanged with other fields", async () => {
    const { workspace, people } = await scratchWorkspace({
      label: "rename",
      roles: ["owner", "admin"],
      templates: false,
    });
    // Keys never carry the owner role, so an admin key is as far as a key goes.
    const key = (await testApiKey(workspace.id, people.admin.email, "admin", "admin")).secret;
    const patch = (body: unknown) => callRoute(settingsRoute, { method: "PATCH", path: "/api/settings", key, body });

    expect(await patch({ name: "Taken over", brandColor: "#123456" })).toEqual({
      status: 403,
      body: { error: { code: "forbidden", message: "Only an owner can rename a workspace.", param: "name" } },
    });
    const unchanged = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } });
    expect([unchanged.name, unchanged.brandColor]).toEqual([workspace.name, workspace.brandColor]);

    const res = await patch({ name: ` ${workspace.name} `, brandColor: "#123456", locale: "de-DE" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ settings: { name: workspace.name, brandColor: "#123456", locale: "de-DE" } });
  });
});
