import { describe, expect, it } from "vitest";
import { RUN_STATUSES, SCHEDULE_FORMATS } from "@/lib/schedules/types";
import {
  FORMAT_LABELS,
  RUN_STATUS_LABELS,
  RUN_STATUS_TONES,
  browserTimeZone,
  formatInstant,
  formatInstantWithZone,
  runStatusBadge,
  sameWallClock,
} from "./schedule-format";

// ICU versions differ in the space before AM/PM (U+202F or U+0020).
const plain = (text: string) => text.replace(/\s/g, " ");

describe("labels", () => {
  it("cover every format and run status the server knows", () => {
    expect(Object.keys(FORMAT_LABELS).sort()).toEqual([...SCHEDULE_FORMATS].sort());
    expect(Object.keys(RUN_STATUS_LABELS).sort()).toEqual([...RUN_STATUSES].sort());
    expect(Object.keys(RUN_STATUS_TONES).sort()).toEqual([...RUN_STATUSES].sort());
  });
});

describe("runStatusBadge", () => {
  it("labels known statuses with their tone", () => {
    expect(runStatusBadge("partial")).toEqual({ label: "Partly delivered", tone: "warning" });
    expect(runStatusBadge("failed")).toEqual({ label: "Failed", tone: "danger" });
  });

  it("makes a status it does not know yet readable, in a neutral tone", () => {
    expect(runStatusBadge("waiting_for_slot")).toEqual({ label: "Waiting for slot", tone: "neutral" });
    expect(runStatusBadge("toString")).toEqual({ label: "ToString", tone: "neutral" });
  });
});

describe("instants", () => {
  const iso = "2025-11-24T14:00:00Z";

  it("show the wall time of the given zone, with or without its name", () => {
    expect(plain(formatInstant(iso, "America/New_York"))).toBe("Mon, Nov 24, 9:00 AM");
    expect(plain(formatInstant(iso, "Asia/Tokyo"))).toBe("Mon, Nov 24, 11:00 PM");
    expect(plain(formatInstantWithZone(iso, "America/New_York"))).toBe("Mon, Nov 24, 9:00 AM EST");
    expect(plain(formatInstantWithZone(iso, "UTC"))).toBe("Mon, Nov 24, 2:00 PM UTC");
  });

  it("sameWallClock compares what the zones show at that instant", () => {
    expect(sameWallClock(iso, "Europe/Berlin", "Europe/Berlin")).toBe(true);
    expect(sameWallClock(iso, "Europe/Berlin", "Europe/Paris")).toBe(true);
    expect(sameWallClock(iso, "Europe/Berlin", "Europe/London")).toBe(false);
    // London and Lisbon agree in winter and in summer.
    expect(sameWallClock("2025-07-01T12:00:00Z", "Europe/London", "Europe/Lisbon")).toBe(true);
  });

  it("browserTimeZone names a zone Intl accepts", () => {
    expect(() => formatInstant(iso, browserTimeZone())).not.toThrow();
  });
});
