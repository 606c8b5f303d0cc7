import { describe, expect, it } from "vitest";
import { addDays, checkRange, isValidDay, lastNDays } from "./date-range";

describe("isValidDay", () => {
  it("accepts real calendar dates only", () => {
    expect(isValidDay("2024-02-29")).toBe(true);
    expect(isValidDay("2025-02-29")).toBe(false);
    expect(isValidDay("2025-04-31")).toBe(false);
    expect(isValidDay("2025-13-01")).toBe(false);
    expect(isValidDay("2025-1-01")).toBe(false);
    expect(isValidDay("")).toBe(false);
  });

  it("rejects years before 1970, as a date input reports them while the year is typed", () => {
    expect(isValidDay("0002-05-01")).toBe(false);
    expect(isValidDay("1969-12-31")).toBe(false);
    expect(isValidDay("1970-01-01")).toBe(true);
  });
});

describe("day arithmetic", () => {
  it("crosses months, years and DST changes by whole days", () => {
    expect(addDays("2025-01-31", 1)).toBe("2025-02-01");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(addDays("2025-03-29", 2)).toBe("2025-03-31");
    expect(addDays("2025-10-25", 2)).toBe("2025-10-27");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });

  it("lastNDays includes its end day", () => {
    expect(lastNDays("2025-03-10", 7)).toEqual({ from: "2025-03-04", to: "2025-03-10" });
    expect(lastNDays("2025-03-10", 1)).toEqual({ from: "2025-03-10", to: "2025-03-10" });
  });
});

describe("checkRange", () => {
  it("accepts a one-day range and names what is wrong otherwise", () => {
    expect(checkRange("2025-03-10", "2025-03-10")).toEqual({
      ok: true,
      range: { from: "2025-03-10", to: "2025-03-10" },
    });
    expect(checkRange("2025-03-11", "2025-03-10")).toEqual({
      ok: false,
      message: "Start date must be on or before end date.",
    });
    expect(checkRange("2025-02-30", "2025-03-10")).toEqual({ ok: false, message: "Enter a valid start and end date." });
    expect(checkRange("2025-03-01", "")).toEqual({ ok: false, message: "Enter a valid start and end date." });
  });
});
