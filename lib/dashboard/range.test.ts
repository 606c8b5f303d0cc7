import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { resolveDateRange } from "./range";

function failure(input: { from?: string; to?: string }): ApiError {
  try {
    resolveDateRange(input, "America/New_York");
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

describe("date ranges", () => {
  it("defaults to the last 30 local days ending today", () => {
    const now = Date.UTC(2026, 2, 10, 3); // still 9 March in New York
    const r = resolveDateRange({}, "America/New_York", { now });
    expect(r).toMatchObject({ from: "2026-02-08", to: "2026-03-09", days: 30 });
    expect(r.fromMs).toBe(Date.UTC(2026, 1, 8, 5));
    expect(r.toMs).toBe(Date.UTC(2026, 2, 10, 4));
  });

  it("names the parameter at fault", () => {
    expect(failure({ from: "yesterday" })).toMatchObject({ code: "invalid_parameter", param: "from", status: 400 });
    expect(failure({ to: "2026-02-30" })).toMatchObject({ param: "to" });
    const inverted = failure({ from: "2026-03-02", to: "2026-03-01" });
    expect(inverted.param).toBe("from");
    expect(inverted.message).toContain("on or before");
  });
});
