import { describe, expect, it } from "vitest";
import { referenceLocalDate } from "../../testing/independent";
import { addDays, isIsoDate, localDate, offsetAt, offsetSegments, startOfLocalDay, zonedTimeToUtc } from "./zone";

const H = 3600_000;

describe("time zones", () => {
  it("knows New York's offset in winter and summer", () => {
    expect(offsetAt("America/New_York", Date.UTC(2026, 0, 15))).toBe(-5 * H);
    expect(offsetAt("America/New_York", Date.UTC(2026, 6, 15))).toBe(-4 * H);
    expect(offsetAt("Asia/Kolkata", Date.UTC(2026, 6, 15))).toBe(5.5 * H);
  });

  it("starts local days at the right instant on DST change days", () => {
    // 2026-03-08: New York springs forward at 02:00, the day is 23 hours long.
    expect(startOfLocalDay("America/New_York", "2026-03-08")).toBe(Date.UTC(2026, 2, 8, 5));
    expect(startOfLocalDay("America/New_York", "2026-03-09")).toBe(Date.UTC(2026, 2, 9, 4));
    // 2026-11-01: falls back, the day is 25 hours long.
    const nov1 = startOfLocalDay("America/New_York", "2026-11-01");
    expect(startOfLocalDay("America/New_York", "2026-11-02") - nov1).toBe(25 * H);
  });

  it("maps a wall time inside a DST gap forward and picks the earlier of two ambiguous ones", () => {
    expect(zonedTimeToUtc("America/New_York", 2026, 3, 8, 2, 30)).toBe(Date.UTC(2026, 2, 8, 7, 30));
    expect(zonedTimeToUtc("America/New_York", 2026, 11, 1, 1, 30)).toBe(Date.UTC(2026, 10, 1, 5, 30));
  });

  it("finds each DST transition to the second", () => {
    const segments = offsetSegments("America/New_York", Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31));
    expect(segments).toEqual([
      { from: Date.UTC(2026, 0, 1), offset: -5 * H },
      { from: Date.UTC(2026, 2, 8, 7), offset: -4 * H },
      { from: Date.UTC(2026, 10, 1, 6), offset: -5 * H },
    ]);
    expect(offsetSegments("UTC", 0, 400 * 86_400_000)).toHaveLength(1);
  });

  it("agrees with Intl's own date formatting hour by hour across a year", () => {
    for (const zone of ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu"]) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3 * H + 17 * 60_000) {
        expect(localDate(zone, t)).toBe(referenceLocalDate(zone, t));
      }
    }
  });

  it("accepts only real calendar dates", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("2026-2-3")).toBe(false);
    expect(isIsoDate("2026-02-03T00:00")).toBe(false);
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
  });
});
