import { describe, expect, it } from "vitest";
import { db } from "./db";
import { seeded } from "../testing/db";
import { listWorkspaces, resolveWorkspace } from "./workspaces";

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
