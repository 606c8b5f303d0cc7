import { describe, expect, it } from "vitest";
import { IMPORT_FIELDS } from "@/lib/imports/schemas";
import { TYPE_LABELS, autoMap, detectType } from "./csv-types";

describe("detectType", () => {
  it("finds the narrowest type every sample fits", () => {
    expect(detectType(["1", "-2", "+30"])).toBe("integer");
    expect(detectType(["1", "2.5", ".5", "1e3", "-4.E-2"])).toBe("number");
    expect(detectType(["2025-01-01", "2025-01-01T10:00", "2025-01-01 10:00:00.5Z", "2025-01-01T10:00+01:00"])).toBe(
      "datetime",
    );
    expect(detectType(["1", "abc"])).toBe("text");
  });

  it("ignores blank samples and calls an empty column text", () => {
    expect(detectType(["", "  ", "7"])).toBe("integer");
    expect(detectType(["", "  "])).toBe("text");
    expect(detectType([])).toBe("text");
  });

  it("does not take impossible dates or bare numbers for datetimes", () => {
    expect(detectType(["2025-13-45"])).toBe("text");
    expect(detectType(["2025"])).toBe("integer");
  });
});

describe("autoMap", () => {
  const fields = IMPORT_FIELDS.usage_events.fields;

  it("matches columns by key or label, ignoring case and punctuation", () => {
    const mapping = autoMap(fields, ["Occurred At", "user_id", "EVENT-TYPE", "Duration (ms)", "unrelated"]);
    expect(mapping).toEqual({
      occurredAt: "Occurred At",
      userId: "user_id",
      eventType: "EVENT-TYPE",
      durationMs: "Duration (ms)",
    });
  });

  it("maps nothing when nothing matches", () => {
    expect(autoMap(fields, ["a", "b"])).toEqual({});
    expect(autoMap([], ["plan"])).toEqual({});
  });
});

describe("TYPE_LABELS", () => {
  it("labels every type", () => {
    expect(Object.keys(TYPE_LABELS).sort()).toEqual(["datetime", "integer", "number", "text"]);
  });
});
