import { describe, expect, it } from "vitest";
import { checkDefinition } from "./check";
import { partialBuckets } from "./time-range";

const now = Date.UTC(2026, 0, 14, 15, 30); // Wednesday 14 January 2026, 10:30 in New York
const tz = "America/New_York";

describe("partial buckets", () => {
  it("finds weeks and months cut by the range and the bucket that is not over", () => {
    const range = { from: "2025-12-03", to: "2026-01-14" };
    // 2025-12-03 is a Wednesday: its week began on Monday 1 December; this week is not over.
    expect(partialBuckets("week", range, "2026-01-14T10:30")).toEqual(["2025-12-01", "2026-01-12"]);
    expect(partialBuckets("month", range, "2026-01-14T10:30")).toEqual(["2025-12-01", "2026-01-01"]);
    expect(partialBuckets("day", range, "2026-01-14T10:30")).toEqual(["2026-01-14"]);
    expect(partialBuckets("hour", range, "2026-01-14T10:30")).toEqual(["2026-01-14 10:00"]);
    // Whole weeks of a past range are whole.
    expect(partialBuckets("week", { from: "2025-12-01", to: "2025-12-14" }, "2026-01-14T10:30")).toEqual([]);
    expect(partialBuckets(null, range, "2026-01-14T10:30")).toEqual([]);
  });

  it("are flagged in the notices every surface shows (preview, PDF, XLSX summary, JSON header)", () => {
    const checked = checkDefinition(
      {
        dataset: "usage_events",
        timeBucket: "week",
        measures: [{ fn: "count" }],
        timeRange: { type: "absolute", from: "2025-12-03", to: "2026-01-14" },
      },
      { timezone: tz, now },
    );
    const notice = checked.notices.find((n) => n.code === "partial_buckets");
    expect(notice?.buckets).toEqual(["2025-12-01", "2026-01-12"]);
    expect(notice?.message).toBe(
      "Partial weeks (2025-12-01, 2026-01-12): cut by the range or not over yet, so their figures cover less than a whole week.",
    );
    const whole = checkDefinition(
      {
        dataset: "usage_events",
        timeBucket: "week",
        measures: [{ fn: "count" }],
        timeRange: { type: "absolute", from: "2025-12-01", to: "2025-12-14" },
      },
      { timezone: tz, now },
    );
    expect(whole.notices.filter((n) => n.code === "partial_buckets")).toEqual([]);
  });
});
