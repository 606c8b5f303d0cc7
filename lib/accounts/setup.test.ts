import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClient, type PrismaClient } from "../db";
import { openConnection } from "../db/connection";
import { migrate } from "../db/migrate";
import { createScratchDatabase, TEST_POSTGRES_URL } from "../../testing/scratch-database";
import { seeded } from "../../testing/db";
import { accountsWithDemoPassword, demoPasswordRefusal } from "../instance/demo-guard";
import { needsSetup, setupInstance, type SetupInput } from "./setup";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A migrated, empty database of the suite's provider, with its own Prisma client. */
async function emptyInstance(): Promise<PrismaClient> {
  const { provider } = seeded();
  let config: { provider: "sqlite" | "postgres"; url: string };
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "chartroom-setup-"));
    config = { provider, url: join(dir, "db.sqlite") };
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  } else {
    const scratch = await createScratchDatabase(TEST_POSTGRES_URL(), "chartroom_setup");
    config = { provider, url: scratch.url };
    cleanups.push(() => scratch.drop());
  }
  const conn = openConnection(config);
  await migrate(conn);
  await conn.close();
  const prisma = createClient(config);
  cleanups.push(() => prisma.$disconnect());
  return prisma;
}

const input = (n: number): SetupInput => ({
  name: `Owner ${n}`,
  email: `owner${n}@example.com`,
  password: "first-owner-password",
  workspaceName: "Acme",
  timezone: "Europe/Berlin",
  brandColor: "#0f766e",
});

describe("first-run setup", () => {
  it("lets exactly one of several simultaneous setups create the owner; the others get 409", async () => {
    const prisma = await emptyInstance();
    expect(await needsSetup(prisma)).toBe(true);
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => setupInstance(input(n), {}, prisma)));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    for (const r of lost)
      expect(r.reason).toMatchObject({ code: "conflict", message: expect.stringMatching(/already set up/) });
    const users = await prisma.user.findMany();
    expect(users).toHaveLength(1);
    expect(users[0].instanceAdmin).toBe(true);
    const memberships = await prisma.membership.findMany({ include: { workspace: true } });
    expect(memberships).toEqual([expect.objectContaining({ userId: users[0].id, role: "owner" })]);
    expect(memberships[0].workspace).toMatchObject({ name: "Acme", timezone: "Europe/Berlin", brandColor: "#0f766e" });
    expect(await prisma.instanceAuditEvent.count({ where: { action: "instance.setup" } })).toBe(1);
    expect(await needsSetup(prisma)).toBe(false);
    await expect(setupInstance(input(9), {}, prisma)).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses an unknown time zone with 422 naming it", async () => {
    const prisma = await emptyInstance();
    await expect(setupInstance({ ...input(1), timezone: "Mars/Olympus" }, {}, prisma)).rejects.toMatchObject({
      code: "unprocessable",
      param: "timezone",
    });
    expect(await prisma.user.count()).toBe(0);
  });
});

describe("the demo password outside demo mode", () => {
  it("is found on the seeded demo accounts, and the refusal says how to fix it", async () => {
    const { db } = await import("../db");
    const found = await accountsWithDemoPassword(db);
    expect(found).toContain("demo@chartroom.dev");
    expect(demoPasswordRefusal(found)).toMatch(/CHARTROOM_DEMO=on[\s\S]*npm run accounts -- lock-demo/);
    expect(demoPasswordRefusal([])).toBeNull();
  });
});
