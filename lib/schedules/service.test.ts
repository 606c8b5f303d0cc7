import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { scratchWorkspace } from "../../testing/workspaces";
import { updateWorkspaceSettings } from "../workspaces";
import { createSchedule, previewSchedule, updateSchedule } from "./service";
import { cronToPreset, presetToCron, PRESET_KINDS } from "./presets";

const base = {
  name: "Weekly",
  cron: "0 9 * * 1",
  formats: ["pdf" as const],
  delivery: "attachment" as const,
  subjectTemplate: "{{report}}",
  skipIfEmpty: false,
  active: true,
};

async function problem(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("schedule validation", () => {
  it("names every field at fault with a 422", async () => {
    const t = await scratchWorkspace({ timezone: "America/New_York" });
    const report = await t.report("usage_summary");
    const error = await problem(
      createSchedule(t.workspace.id, t.people.owner.email, {
        ...base,
        reportId: report.id,
        cron: "0 25 * * *",
        timezone: "Atlantis/Capital",
        recipients: ["fine@example.com", "nope", "also@bad"],
      }),
    );
    expect(error.status).toBe(422);
    expect(error.issues?.map((i) => i.path)).toEqual(["cron", "timezone", "recipients.1", "recipients.2"]);
  });

  it("keeps recipients inside the workspace's allowed domains", async () => {
    const t = await scratchWorkspace({ timezone: "America/New_York" });
    const report = await t.report("usage_summary");
    await updateWorkspaceSettings(t.workspace.id, { allowedEmailDomains: ["example.com"] });
    const error = await problem(
      createSchedule(t.workspace.id, t.people.owner.email, {
        ...base,
        reportId: report.id,
        recipients: ["a@example.com", "b@elsewhere.org"],
      }),
    );
    expect(error.param).toBe("recipients.1");
    const ok = await createSchedule(t.workspace.id, t.people.owner.email, {
      ...base,
      reportId: report.id,
      recipients: ["A@Example.com"],
    });
    expect(ok.recipients).toEqual(["a@example.com"]);
  });

  it("pausing clears the next run; resuming starts from now, without catching up", async () => {
    const t = await scratchWorkspace({ timezone: "America/New_York" });
    const report = await t.report("usage_summary");
    const created = await createSchedule(
      t.workspace.id,
      t.people.owner.email,
      { ...base, reportId: report.id, recipients: ["x@example.com"] },
      new Date("2026-01-01T00:00:00Z"),
    );
    expect(created.nextRunAt).toBe("2026-01-05T14:00:00.000Z");
    const paused = await updateSchedule(t.workspace.id, created.id, { active: false });
    expect(paused.nextRunAt).toBeNull();
    const resumed = await updateSchedule(
      t.workspace.id,
      created.id,
      { active: true },
      new Date("2026-07-01T00:00:00Z"),
    );
    // July 6, 09:00 New York is 13:00 UTC (daylight saving time).
    expect(resumed.nextRunAt).toBe("2026-07-06T13:00:00.000Z");
    await expect(updateSchedule(t.workspace.id, "missing", { active: true })).rejects.toThrow(/not found/);
  });

  it("previews the next runs in the schedule's timezone, in words", () => {
    const preview = previewSchedule(
      { cron: "0 9 L * *", timezone: "Europe/Berlin", count: 3 },
      new Date("2026-01-10T00:00:00Z"),
    );
    expect(preview.description).toMatch(/last day of the month/);
    expect(preview.nextRuns).toEqual([
      "2026-01-31T08:00:00.000Z",
      "2026-02-28T08:00:00.000Z",
      "2026-03-31T07:00:00.000Z",
    ]);
  });

  it("turns every preset into cron and back", () => {
    for (const kind of PRESET_KINDS) {
      const preset = { kind, time: "07:45", weekday: 3, dayOfMonth: 15 };
      const back = cronToPreset(presetToCron(preset));
      expect(back?.kind).toBe(kind);
      expect(back?.time).toBe("07:45");
    }
    expect(cronToPreset("*/5 * * * *")).toBeNull();
  });
});
