import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PATCH as patchSchedule } from "@/app/api/schedules/[id]/route";
import { POST as previewRoute } from "@/app/api/schedules/preview/route";
import { POST as postSchedule } from "@/app/api/schedules/route";
import { GET as getSettings, PATCH as patchSettings } from "@/app/api/settings/route";
import { db } from "../db";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import { seeded } from "../../testing/db";
import { canonicalTimeZone, RENAMED_ZONES } from "./zone-names";

seeded();

const ZONE_TABLES = ["/usr/share/zoneinfo/zone1970.tab", "/usr/share/zoneinfo/zone.tab"];

/** Zone names of the machine's tzdata: the current IANA names. */
function tzdataZones(): string[] {
  const names = new Set<string>();
  for (const file of ZONE_TABLES.filter(existsSync)) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (line && !line.startsWith("#")) names.add(line.split("\t")[2]);
    }
  }
  return [...names];
}

describe("canonicalTimeZone", () => {
  it("gives the canonical IANA name for any case and any alias, and the current name for renamed zones", () => {
    expect(canonicalTimeZone("EUROPE/LONDON")).toBe("Europe/London");
    expect(canonicalTimeZone(" america/new_york ")).toBe("America/New_York");
    expect(canonicalTimeZone("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("ASIA/KOLKATA")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Europe/Kiev")).toBe("Europe/Kyiv");
    expect(canonicalTimeZone("Europe/Kyiv")).toBe("Europe/Kyiv");
    expect(canonicalTimeZone("Pacific/Enderbury")).toBe("Pacific/Kanton");
    expect(canonicalTimeZone("America/Godthab")).toBe("America/Nuuk");
    for (const utc of ["UTC", "utc", "Etc/UTC", "GMT"]) expect(canonicalTimeZone(utc)).toBe("UTC");
    for (const bad of ["", "Atlantis/Capital", "Europe", "+05:00", "UTC\u0000"])
      expect(canonicalTimeZone(bad)).toBeNull();
  });

  it.skipIf(!ZONE_TABLES.some(existsSync))(
    "keeps every current tzdata zone name as it is (the alias map is complete)",
    () => {
      const zones = tzdataZones();
      expect(zones.length).toBeGreaterThan(300);
      const changed = zones.filter((zone) => canonicalTimeZone(zone) !== zone);
      expect(changed).toEqual([]);
      // Each alias maps an old name to one of today's names.
      for (const current of Object.values(RENAMED_ZONES)) expect(zones).toContain(current);
    },
  );
});

describe("time zones at the door", () => {
  it("stores workspace and schedule zones under their canonical names", async () => {
    const scratch = await scratchWorkspace({ roles: ROLES });
    const { secret } = await testApiKey(scratch.workspace.id, scratch.people.admin.email, "admin", "admin");
    const settings = await callRoute(patchSettings, {
      key: secret,
      method: "PATCH",
      body: { timezone: "EUROPE/LONDON" },
    });
    expect(settings.status).toBe(200);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: scratch.workspace.id } })).timezone).toBe(
      "Europe/London",
    );
    await callRoute(patchSettings, { key: secret, method: "PATCH", body: { timezone: "Asia/Calcutta" } });
    expect((await callRoute(getSettings, { key: secret })).body).toMatchObject({
      settings: { timezone: "Asia/Kolkata" },
    });
    const unknown = await callRoute(patchSettings, {
      key: secret,
      method: "PATCH",
      body: { timezone: "Mars/Olympus" },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ error: { code: "unprocessable", param: "timezone" } });

    const report = await db.report.create({
      data: {
        workspaceId: scratch.workspace.id,
        name: "Zones",
        dataset: "usage_events",
        definition: "{}",
        createdBy: "t",
      },
    });
    const created = await callRoute(postSchedule, {
      key: secret,
      body: {
        name: "Zones",
        reportId: report.id,
        cron: "0 9 * * 1",
        timezone: "europe/kiev",
        formats: ["csv"],
        recipients: ["a@example.com"],
      },
    });
    expect(created.status).toBe(201);
    const schedule = (created.body as { schedule: { id: string; timezone: string } }).schedule;
    expect(schedule.timezone).toBe("Europe/Kyiv");
    expect((await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } })).timezone).toBe("Europe/Kyiv");
    const patched = await callRoute(patchSchedule, {
      key: secret,
      method: "PATCH",
      params: { id: schedule.id },
      body: { timezone: "etc/utc" },
    });
    expect((patched.body as { schedule: { timezone: string } }).schedule.timezone).toBe("UTC");

    const preview = await callRoute(previewRoute, {
      key: secret,
      body: { cron: "30 9 * * *", timezone: "Asia/Kolkata", count: 1 },
    });
    expect(preview.status).toBe(200);
    // 09:30 in India is 04:00 UTC.
    expect((preview.body as { nextRuns: string[] }).nextRuns[0]).toMatch(/T04:00:00\.000Z$/);
  });
});
