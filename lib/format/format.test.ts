import { describe, expect, it } from "vitest";
import { formatAxisNumber, formatCategory, formatCell, formatNumberCell } from "./cells";
import {
  formatDate,
  formatDateTime,
  formatDateTimeWithZone,
  formatDay,
  formatLongDay,
  formatRelativeTime,
  formatTimeTick,
} from "./dates";
import { formatDuration } from "./durations";
import {
  EMPTY_CELL,
  formatCents,
  formatCompact,
  formatDecimal,
  formatInteger,
  formatMoney,
  formatMoneyHeadline,
  formatPercent,
  percentChange,
  pointChange,
} from "./numbers";
import { niceTicks } from "./ticks";
import { columnUnit, headerWithUnit } from "./units";
import { xlsxNumberFormats } from "./xlsx";

// ICU versions differ in the space they put before AM/PM or a unit (U+202F, U+00A0 or U+0020).
const plain = (text: string) => text.replace(/\s/g, " ");

const US = "en-US";
const DE = "de-DE";

describe("numbers", () => {
  it("groups and rounds integers and decimals by locale", () => {
    expect(formatInteger(1234567.6, US)).toBe("1,234,568");
    expect(formatInteger(1234567.6, DE)).toBe("1.234.568");
    expect(formatDecimal(1234.567, US)).toBe("1,234.57");
    expect(formatDecimal(1234.567, DE)).toBe("1.234,57");
  });

  it("writes negative numbers with the locale's sign and separators", () => {
    expect(formatInteger(-1234, US)).toBe("-1,234");
    expect(formatInteger(-1234, DE)).toBe("-1.234");
    expect(formatDecimal(-0.5, DE)).toBe("-0,5");
  });

  it("shows NaN and infinities as an empty cell and huge numbers in full", () => {
    for (const locale of [US, DE]) {
      expect(formatInteger(Number.NaN, locale)).toBe(EMPTY_CELL);
      expect(formatDecimal(Number.POSITIVE_INFINITY, locale)).toBe(EMPTY_CELL);
      expect(formatMoney(Number.NEGATIVE_INFINITY, locale)).toBe(EMPTY_CELL);
      expect(formatPercent(Number.NaN, locale)).toBe(EMPTY_CELL);
      expect(formatDuration(Number.NaN, locale)).toBe(EMPTY_CELL);
    }
    expect(formatInteger(1e21, US)).toBe("1,000,000,000,000,000,000,000");
    expect(formatInteger(1e21, DE)).toBe("1.000.000.000.000.000.000.000");
    expect(formatInteger(Number.MAX_SAFE_INTEGER, DE)).toBe("9.007.199.254.740.991");
  });

  it("abbreviates compact numbers the locale's way", () => {
    expect(formatCompact(1234, US)).toBe("1.2K");
    expect(formatCompact(999, US)).toBe("999");
    expect(plain(formatCompact(2_500_000, DE))).toBe("2,5 Mio.");
  });

  it("formats ratios as percent", () => {
    expect(formatPercent(0.923, US)).toBe("92.3%");
    expect(formatPercent(0.923, US, 0)).toBe("92%");
    expect(plain(formatPercent(0.923, DE))).toBe("92,3 %");
    expect(plain(formatPercent(-0.05, DE))).toBe("-5,0 %");
  });

  it("formats money from integer cents exactly", () => {
    expect(formatCents(123456, US)).toBe("$1,234.56");
    expect(plain(formatCents(123456, DE))).toBe("1.234,56 $");
    expect(formatCents(-5, US)).toBe("-$0.05");
    expect(plain(formatCents(-5, DE))).toBe("-0,05 $");
    expect(formatCents(90_071_992_547_409_91, US)).toBe("$90,071,992,547,409.91");
  });

  it("drops cents from headline money of a thousand and more", () => {
    expect(formatMoneyHeadline(999.99, US)).toBe("$999.99");
    expect(formatMoneyHeadline(1000.4, US)).toBe("$1,000");
    expect(plain(formatMoneyHeadline(12_345.67, DE))).toBe("12.346 $");
  });

  it("states changes with a sign, flat when they round to zero", () => {
    expect(percentChange(110, 100, US)).toEqual({ label: "+10.0%", direction: "up" });
    expect(percentChange(90, 100, US)).toEqual({ label: "-10.0%", direction: "down" });
    expect(percentChange(100.01, 100, US)).toEqual({ label: "0.0%", direction: "flat" });
    expect(percentChange(5, 0, US)).toBeNull();
    expect(percentChange(Number.NaN, 1, US)).toBeNull();
    expect(plain(percentChange(110, 100, DE)!.label)).toBe("+10,0 %");
    expect(pointChange(0.95, 0.9, US)).toEqual({ label: "+5.0 pp", direction: "up" });
    expect(pointChange(0.9, 0.95, DE)).toEqual({ label: "-5,0 pp", direction: "down" });
  });
});

describe("durations", () => {
  it("uses one rule across units: the largest unit the value reaches", () => {
    const cases: [number, string, string][] = [
      [850, "850 ms", "850 ms"],
      [1234, "1.2 s", "1,2 s"],
      [204_000, "3.4 min", "3,4 min"],
      [5_400_000, "1.5 h", "1,5 h"],
      [86_400_000, "1 d", "1 d"],
      [172_800_000, "2 d", "2 d"],
      [-1500, "-1.5 s", "-1,5 s"],
      [12_345_678_900, "142.9 d", "142,9 d"],
    ];
    for (const [ms, us, de] of cases) {
      expect(formatDuration(ms, US)).toBe(us);
      expect(formatDuration(ms, DE)).toBe(de);
    }
  });
});

describe("dates and times", () => {
  it("formats calendar days by locale", () => {
    expect(formatDay("2025-11-03", US)).toBe("Nov 3");
    expect(formatDay("2025-11-03", DE)).toBe("3. Nov.");
    expect(formatDate("2025-11-03", US)).toBe("Nov 3, 2025");
    expect(formatDate("2025-11-03", DE)).toBe("03.11.2025");
    expect(formatLongDay("2025-11-03", US)).toBe("Mon, Nov 3, 2025");
    expect(formatLongDay("2025-11-03", DE)).toBe("Mo., 3. Nov. 2025");
    expect(formatDate("not a date", DE)).toBe("not a date");
  });

  it("formats instants in the zone, with the zone's offset where a record needs it", () => {
    const instant = "2025-03-09T15:30:00Z";
    expect(plain(formatDateTime(instant, "America/New_York", US))).toBe("Mar 9, 2025, 11:30 AM");
    expect(formatDateTime(instant, "Europe/Berlin", DE)).toBe("09.03.2025, 16:30");
    expect(plain(formatDateTimeWithZone(new Date(instant), "America/New_York", US))).toBe(
      "Mar 9, 2025, 11:30 AM UTC-04:00",
    );
    expect(formatDateTimeWithZone(new Date("2025-01-09T15:30:00Z"), "Europe/Berlin", DE)).toBe(
      "09.01.2025, 16:30 UTC+01:00",
    );
    expect(formatDateTime(Number.NaN, "UTC", DE)).toBe(EMPTY_CELL);
  });

  it("says how long ago in the locale's words, then falls back to the locale's date", () => {
    const now = Date.parse("2025-11-20T12:00:00Z");
    const ago = (iso: string, locale: string, zone = "UTC") => formatRelativeTime(iso, zone, locale, now);
    expect(ago("2025-11-20T11:59:30Z", US)).toBe("now");
    expect(ago("2025-11-20T12:00:20Z", US)).toBe("now");
    expect(ago("2025-11-20T11:55:00Z", US)).toBe("5m ago");
    expect(ago("2025-11-20T09:00:00Z", US)).toBe("3h ago");
    expect(ago("2025-11-19T09:00:00Z", US)).toBe("yesterday");
    expect(ago("2025-11-16T12:00:00Z", US)).toBe("4d ago");
    expect(ago("2025-11-01T12:00:00Z", US)).toBe("Nov 1");

    expect(ago("2025-11-20T11:59:30Z", DE)).toBe("jetzt");
    expect(ago("2025-11-20T11:55:00Z", DE)).toBe("vor 5 Min.");
    expect(ago("2025-11-20T09:00:00Z", DE)).toBe("vor 3 Std.");
    expect(ago("2025-11-19T09:00:00Z", DE)).toBe("gestern");
    expect(ago("2025-11-18T09:00:00Z", DE)).toBe("vorgestern");
    expect(ago("2025-11-16T12:00:00Z", DE)).toBe("vor 4 Tagen");
    expect(ago("2025-11-01T12:00:00Z", DE)).toBe("1. Nov.");
    expect(plain(ago("2025-11-20T11:55:00Z", "fr-FR"))).toBe("il y a 5 min");

    // Days are calendar days in the zone: 11:00 the day before is "yesterday" in UTC, but
    // 26 hours back from 01:30 in Kyiv (UTC+2) is 23:30 two local days back.
    expect(ago("2025-11-19T11:00:00Z", US)).toBe("yesterday");
    expect(formatRelativeTime("2025-11-18T21:30:00Z", "Europe/Kyiv", DE, Date.parse("2025-11-19T23:30:00Z"))).toBe(
      "vorgestern",
    );
  });

  it("labels time-axis ticks by their spacing", () => {
    const ms = Date.UTC(2025, 10, 3, 14);
    expect(formatTimeTick(ms, 3_600_000, US)).toBe("Nov 3 14:00");
    expect(formatTimeTick(ms, 3_600_000, DE)).toBe("3. Nov. 14:00");
    expect(formatTimeTick(ms, 30 * 86_400_000, US)).toBe("Nov 2025");
    expect(formatTimeTick(ms, 30 * 86_400_000, DE)).toBe("Nov. 2025");
    expect(formatTimeTick(ms, 400 * 86_400_000, DE)).toBe("2025");
  });
});

describe("report cells", () => {
  const column = (format: string, type = "number", unit?: string) => ({ type, format, ...(unit ? { unit } : {}) });

  it("formats each kind of column in both locales", () => {
    expect(formatNumberCell(1234.5, column("currency", "number", "USD"), US)).toBe("$1,234.50");
    expect(plain(formatNumberCell(1234.5, column("currency", "number", "USD"), DE))).toBe("1.234,50 $");
    expect(formatNumberCell(172_800_000, column("duration", "number", "ms"), US)).toBe("2 d");
    expect(formatNumberCell(0.5, column("percent"), DE).replace(/\s/g, " ")).toBe("50,0 %");
    expect(formatNumberCell(1234, column("integer", "integer"), DE)).toBe("1.234");
    expect(formatCell("2025-11-03", column("date", "date"), "UTC", DE)).toBe("03.11.2025");
    expect(formatCell("2025-11-03 14:00", column("hour", "hour"), "UTC", US)).toBe("Nov 3, 2025 14:00");
    expect(formatCell(new Date("2025-11-03T13:00:00Z"), column("datetime", "datetime"), "Europe/Berlin", DE)).toBe(
      "03.11.2025, 14:00",
    );
    expect(formatCell(null, column("integer"), "UTC", DE)).toBe(EMPTY_CELL);
    expect(formatCategory("2025-11-03", column("date", "date"), "UTC", DE)).toBe("3. Nov.");
  });

  it("labels axis ticks with the decimals their step needs", () => {
    expect(formatAxisNumber(0.25, column("number"), 0.05, US)).toBe("0.25");
    expect(formatAxisNumber(0.25, column("number"), 0.05, DE)).toBe("0,25");
    expect(formatAxisNumber(0.9, column("percent"), 0.02, US)).toBe("90%");
    expect(formatAxisNumber(0.905, column("percent"), 0.005, US)).toBe("90.5%");
    expect(formatAxisNumber(12_000, column("currency", "number", "USD"), 2000, US)).toBe("$12K");
    expect(formatAxisNumber(2_000_000, column("number"), 500_000, DE).replace(/\s/g, " ")).toBe("2 Mio.");
  });
});

describe("nice ticks", () => {
  it("ticks at round values, never 85/170/255", () => {
    expect(niceTicks(0, 340).ticks).toEqual([0, 50, 100, 150, 200, 250, 300, 350]);
    expect(niceTicks(0, 255, 3).ticks).toEqual([0, 100, 200, 300]);
    expect(niceTicks(0.871, 0.93, 4)).toEqual({
      domain: [0.86, 0.94],
      ticks: [0.86, 0.88, 0.9, 0.92, 0.94],
      step: 0.02,
    });
    expect(niceTicks(-3, 17).ticks).toEqual([-5, 0, 5, 10, 15, 20]);
    expect(niceTicks(0, 1_234_567).step).toBe(200_000);
    // Counts: a step of at least 1, so a single count of 7 is not drawn on 6.6 … 7.4.
    expect(niceTicks(6.65, 7.35, 4).ticks).toEqual([6.6, 6.8, 7, 7.2, 7.4]);
    expect(niceTicks(6.65, 7.35, 4, true).ticks).toEqual([6, 7, 8]);
  });

  it("gives a usable axis for flat and non-finite data", () => {
    expect(niceTicks(0, 0).domain).toEqual([0, 1]);
    expect(niceTicks(5, 5).domain).toEqual([0, 5]);
    expect(niceTicks(-5, -5).domain).toEqual([-5, 0]);
    expect(niceTicks(Number.NaN, 3).domain).toEqual([0, 1]);
  });

  it("every step is 1, 2 or 5 times a power of ten", () => {
    for (let max = 1; max < 5000; max += 37) {
      const { step } = niceTicks(0, max);
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
      expect([1, 2, 5]).toContain(Math.round(mantissa * 1000) / 1000);
    }
  });
});

describe("units in headers", () => {
  it("names the unit of raw numbers the same way in every file", () => {
    expect(headerWithUnit({ label: "Latency", format: "duration", unit: "ms" })).toBe("Latency (ms)");
    expect(headerWithUnit({ label: "Revenue", format: "currency", unit: "USD" })).toBe("Revenue (USD)");
    expect(headerWithUnit({ label: "Conversion", format: "percent" })).toBe("Conversion (ratio)");
    expect(headerWithUnit({ label: "Events", format: "integer" })).toBe("Events");
    expect(columnUnit({ format: "number" })).toBeNull();
  });
});

describe("spreadsheet number formats", () => {
  it("puts the currency symbol where the locale does", () => {
    expect(xlsxNumberFormats(US).money).toBe('"$"#,##0.00');
    expect(xlsxNumberFormats(DE).money).toBe('#,##0.00" $"');
    expect(xlsxNumberFormats(US).milliseconds).toBe('#,##0" ms"');
  });
});
