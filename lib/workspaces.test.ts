import { describe, expect, it } from "vitest";
import { db } from "./db";
import { seeded } from "../testing/db";
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
