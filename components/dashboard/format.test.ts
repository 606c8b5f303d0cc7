import { describe, expect, it } from "vitest";
import {
  formatCompact,
  formatCurrency,
  formatDateTime,
  formatDay,
  formatInteger,
  formatLongDay,
  formatPercent,
  formatRelativeTime,
  percentChange,
  pointChange,
} from "./format";

// ICU versions differ in the space before AM/PM (U+202F or U+0020).
const plain = (text: string) => text.replace(/\s/g, " ");

describe("numbers", () => {
  it("formats integers, compact numbers and ratios", () => {
    expect(formatInteger(1234567.6)).toBe("1,234,568");
    expect(formatCompact(1234)).toBe("1.2K");
    expect(formatCompact(999)).toBe("999");
    expect(formatPercent(0.923)).toBe("92.3%");
    expect(formatPercent(0.923, 0)).toBe("92%");
  });

  it("shows cents only below a thousand dollars", () => {
    expect(formatCurrency(12.5)).toBe("$12.50");
    expect(formatCurrency(999.99)).toBe("$999.99");
    expect(formatCurrency(1000.4)).toBe("$1,000");
    expect(formatCurrency(-2500.6)).toBe("-$2,501");
  });
});

describe("changes", () => {
  it("gives a signed percentage with a real minus sign and a direction", () => {
    expect(percentChange(112.3, 100)).toEqual({ label: "+12.3%", direction: "up" });
    expect(percentChange(50, 100)).toEqual({ label: "\u221250.0%", direction: "down" });
    expect(percentChange(-50, -100)).toEqual({ label: "+50.0%", direction: "up" });
  });

  it("calls a change that rounds to zero flat, in either direction", () => {
    expect(percentChange(100.04, 100)).toEqual({ label: "0.0%", direction: "flat" });
    expect(percentChange(99.96, 100)).toEqual({ label: "0.0%", direction: "flat" });
  });

  it("has nothing to compare against zero", () => {
    expect(percentChange(5, 0)).toBeNull();
    expect(pointChange(0.5, 0)).toBeNull();
  });

  it("measures ratios in percentage points", () => {
    expect(pointChange(0.95, 0.9)).toEqual({ label: "+5.0 pp", direction: "up" });
    expect(pointChange(0.9, 0.904)).toEqual({ label: "\u22120.4 pp", direction: "down" });
    expect(pointChange(0.9, 0.9004)).toEqual({ label: "0.0 pp", direction: "flat" });
  });
});

describe("dates", () => {
  it("formats calendar days without shifting them", () => {
    expect(formatDay("2025-11-03")).toBe("Nov 3");
    expect(formatDay("2025-01-01")).toBe("Jan 1");
    expect(formatLongDay("2025-11-03")).toBe("Mon, Nov 3, 2025");
  });

  it("formats instants in the workspace's zone", () => {
    expect(plain(formatDateTime("2025-11-03T13:05:00Z", "Europe/Berlin"))).toBe("Nov 3, 2025, 2:05 PM");
    expect(plain(formatDateTime("2025-11-03T13:05:00Z", "UTC"))).toBe("Nov 3, 2025, 1:05 PM");
  });

  it("says how long ago, then falls back to the date after a week", () => {
    const now = Date.parse("2025-11-10T12:00:00Z");
    const ago = (ms: number) => new Date(now - ms).toISOString();
    expect(formatRelativeTime(ago(59_000), "UTC", now)).toBe("just now");
    expect(formatRelativeTime(ago(-5_000), "UTC", now)).toBe("just now");
    expect(formatRelativeTime(ago(60_000), "UTC", now)).toBe("1m ago");
    expect(formatRelativeTime(ago(59 * 60_000), "UTC", now)).toBe("59m ago");
    expect(formatRelativeTime(ago(3 * 3_600_000), "UTC", now)).toBe("3h ago");
    expect(formatRelativeTime(ago(6 * 86_400_000), "UTC", now)).toBe("6d ago");
    expect(formatRelativeTime(ago(7 * 86_400_000), "UTC", now)).toBe("Nov 3");
    expect(formatRelativeTime("2025-11-02T23:30:00Z", "Europe/Berlin", now)).toBe("Nov 3");
  });
});
