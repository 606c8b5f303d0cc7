import { describe, expect, it } from "vitest";
import { health } from "./health";
import { seeded } from "../testing/db";

describe("health", () => {
  it("reports the database, storage, worker and scheduler", async () => {
    const result = await health();
    expect(result).toMatchObject({
      status: "ok",
      database: seeded().provider,
      checks: {
        database: { ok: true },
        storage: { ok: true, kind: "local" },
        worker: { running: false, queued: expect.any(Number) },
        scheduler: { running: false, overdueSchedules: expect.any(Number) },
      },
    });
  });

  it("counts schedules that every scheduler has missed", async () => {
    // The seeded default schedules are due in April 2026 (the test clock); a year later they are overdue.
    const later = await health(Date.UTC(2027, 3, 1));
    expect(later.checks.scheduler.overdueSchedules).toBeGreaterThanOrEqual(2);
    const before = await health(Date.UTC(2026, 0, 1));
    expect(before.checks.scheduler.overdueSchedules).toBe(0);
  });
});
