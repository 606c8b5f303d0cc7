import { describe, expect, it } from "vitest";
import { ApiError } from "../errors";
import { resolveDateRange } from "../dashboard/range";
import { checkDefinition } from "./check";
import { MAX_RANGE_DAYS } from "./definition";
import { dayCount, limitRange, rangeShortenedMessage, resolveTimeRange } from "./time-range";

// One maximum for the dashboard and the builder; the kept part of a longer range ends at
// today; one message wherever it happens; dates outside the accepted bounds are refused.
const tz = "America/New_York";
const now = Date.UTC(2026, 0, 15, 3); // still Wednesday 14 January in New York
const today = "2026-01-14";

function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("range limits", () => {
  it("share one maximum of 3,660 days between the dashboard and the builder", () => {
    expect(MAX_RANGE_DAYS).toBe(3660);
    const from = "2016-01-20"; // 3,648 days to today: within the maximum
    const dashboard = resolveDateRange({ from, to: today }, tz, { now });
    expect(dashboard).toMatchObject({ from, to: today, notice: null });
    const builder = resolveTimeRange({ type: "absolute", from, to: today }, tz, now);
    expect(builder.range).toMatchObject({ from, to: today });
    expect(builder.notices).toEqual([]);

    const longer = { from: "2000-01-01", to: today };
    const d = resolveDateRange(longer, tz, { now });
    const b = resolveTimeRange({ type: "absolute", ...longer }, tz, now);
    expect(d.days).toBe(MAX_RANGE_DAYS);
    expect(dayCount(b.range.from, b.range.to)).toBe(MAX_RANGE_DAYS);
    expect({ from: d.from, to: d.to }).toEqual({ from: b.range.from, to: b.range.to });
  });

  it("keep the part that ends at today, never the far future", () => {
    const far = { from: "1990-01-01", to: "2099-12-31" };
    const d = resolveDateRange(far, tz, { now });
    const b = resolveTimeRange({ type: "absolute", ...far }, tz, now);
    for (const kept of [
      { from: d.from, to: d.to },
      { from: b.range.from, to: b.range.to },
    ]) {
      expect(kept.to).toBe(today);
      expect(dayCount(kept.from, kept.to)).toBe(MAX_RANGE_DAYS);
    }
    // A range that ended in the past keeps its end; one that starts after today keeps its start.
    expect(limitRange("1980-01-01", "2005-06-30", today)).toMatchObject({ to: "2005-06-30", shortened: true });
    expect(limitRange("2090-01-01", "2200-01-01", today)).toMatchObject({ from: "2090-01-01", shortened: true });
    expect(limitRange("2025-01-01", "2027-01-01", today)).toEqual({
      from: "2025-01-01",
      to: "2027-01-01",
      shortened: false,
    });
  });

  it("say so with one message on every surface", () => {
    const far = { from: "1990-01-01", to: "2099-12-31" };
    const d = resolveDateRange(far, tz, { now });
    const b = resolveTimeRange({ type: "absolute", ...far }, tz, now);
    const message = rangeShortenedMessage(d.from, d.to);
    expect(message).toBe(
      `The time range was shortened to 3,660 days (${d.from} to ${today}), the most one report covers.`,
    );
    expect(d.notice).toBe(message);
    expect(b.notices).toEqual([{ code: "range_clamped", message }]);
    const checked = checkDefinition(
      { dataset: "usage_events", columns: ["occurred_at"], timeRange: { type: "absolute", ...far } },
      { timezone: tz, now },
    );
    expect(checked.notices.find((n) => n.code === "range_clamped")?.message).toBe(message);
  });

  it("refuse dates outside the accepted bounds instead of shortening them", () => {
    for (const input of [{ from: "1969-12-31" }, { to: "9999-12-31" }, { from: "0099-01-01" }]) {
      const error = refusal(() => resolveDateRange(input, tz, { now }));
      expect(error).toMatchObject({ code: "invalid_parameter", status: 400 });
      expect(error.message).toContain("between 1970-01-01 and 9999-12-30");
    }
    expect(() =>
      checkDefinition(
        {
          dataset: "usage_events",
          columns: ["occurred_at"],
          timeRange: { type: "absolute", from: "1969-12-31", to: today },
        },
        { timezone: tz, now },
      ),
    ).toThrow(/between 1970-01-01 and 9999-12-30/);
  });
});
