import { describe, expect, it } from "vitest";
import { EMPTY_CELL, formatAxisValue, formatCell, formatDurationMs } from "./format-cell";

// ICU versions differ in the space before AM/PM (U+202F or U+0020).
const plain = (text: string) => text.replace(/\s/g, " ");

const col = (type: string, format: string, unit?: "ms" | "USD") =>
  ({ type, format, unit }) as Parameters<typeof formatCell>[1];

describe("formatDurationMs", () => {
  it("picks the unit by size", () => {
    expect(formatDurationMs(850)).toBe("850 ms");
    expect(formatDurationMs(999)).toBe("999 ms");
    expect(formatDurationMs(1000)).toBe("1 s");
    expect(formatDurationMs(1234)).toBe("1.2 s");
    expect(formatDurationMs(180_000)).toBe("3 min");
    expect(formatDurationMs(5_400_000)).toBe("1.5 h");
    expect(formatDurationMs(-1500)).toBe("-1.5 s");
  });
});

describe("formatCell", () => {
  it("shows a dash for missing values", () => {
    for (const value of [null, undefined, ""]) expect(formatCell(value, col("string", "text"), "UTC")).toBe(EMPTY_CELL);
  });

  it("formats numbers by the column's format", () => {
    expect(formatCell(1234.5, col("integer", "integer"), "UTC")).toBe("1,235");
    expect(formatCell(0.5, col("number", "percent"), "UTC")).toBe("50.0%");
    expect(formatCell(1234.5, col("number", "currency", "USD"), "UTC")).toBe("$1,234.50");
    expect(formatCell(1500, col("integer", "duration", "ms"), "UTC")).toBe("1.5 s");
    expect(formatCell(1500, col("integer", "duration"), "UTC")).toBe("1.5 s");
    expect(formatCell(1.23456, col("number", "number"), "UTC")).toBe("1.23");
    expect(formatCell(7.6, col("integer", "text"), "UTC")).toBe("8");
    expect(formatCell(0, col("number", "number"), "UTC")).toBe("0");
  });

  it("shows datetimes in the zone and leaves unparseable ones as they are", () => {
    expect(plain(formatCell("2025-11-03T13:05:00Z", col("datetime", "datetime"), "Europe/Berlin"))).toBe(
      "Nov 3, 2025, 2:05 PM",
    );
    expect(formatCell("soon", col("datetime", "datetime"), "UTC")).toBe("soon");
    expect(formatCell("pro", col("string", "text"), "UTC")).toBe("pro");
  });
});

describe("formatAxisValue", () => {
  it("shortens numbers", () => {
    expect(formatAxisValue(12_345, undefined, "UTC")).toBe("12.3K");
    expect(formatAxisValue(0.456, col("number", "percent"), "UTC")).toBe("46%");
    expect(formatAxisValue(1_500_000, col("number", "currency", "USD"), "UTC")).toBe("$1.5M");
    expect(formatAxisValue(90_000, col("integer", "duration", "ms"), "UTC")).toBe("1.5 min");
    expect(formatAxisValue(2_500, col("integer", "integer"), "UTC")).toBe("2.5K");
  });

  it("shortens dates and times in the zone", () => {
    expect(formatAxisValue("2025-11-03", col("date", "date"), "UTC")).toBe("Nov 3");
    expect(formatAxisValue("2025-11-03T13:05:00Z", col("datetime", "datetime"), "Europe/Berlin")).toBe("Nov 3, 2 PM");
    expect(formatAxisValue("2025-11-03T13:05:00Z", col("datetime", "datetime"), "America/New_York")).toBe(
      "Nov 3, 8 AM",
    );
    expect(formatAxisValue("later", col("datetime", "datetime"), "UTC")).toBe("later");
  });

  it("passes other values through as text", () => {
    expect(formatAxisValue("pro", col("string", "text"), "UTC")).toBe("pro");
    expect(formatAxisValue(null, undefined, "UTC")).toBe("");
    expect(formatAxisValue(true, undefined, "UTC")).toBe("true");
  });
});
