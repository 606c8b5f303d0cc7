import { describe, expect, it } from "vitest";
import { isoInZone } from "../time/iso";
import { isoFormatterMs } from "./instant-text";

describe("isoFormatterMs", () => {
  it("writes what isoInZone writes, across DST changes, odd offsets and edge years", () => {
    const zones = [
      "America/New_York",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
      "America/St_Johns",
      "Pacific/Chatham",
      "UTC",
    ];
    const start = Date.UTC(2025, 9, 1);
    for (const zone of zones) {
      const format = isoFormatterMs(zone);
      const instants = Array.from({ length: 40_000 }, (_, i) => start + Math.floor(i * 987.654) * 1000 + (i % 997));
      instants.push(
        -1,
        0,
        -5e12,
        253_402_300_799_999,
        Date.UTC(2026, 2, 8, 7, 0, 0, 1),
        Date.UTC(2026, 10, 1, 5, 59, 59, 999),
      );
      for (const ms of instants) expect(format(ms)).toBe(isoInZone(new Date(ms), zone));
    }
  });
});
