import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cronProblem } from "./cron";
import { presetToCron, PRESET_KINDS } from "./presets";

// Phrases of croner's own errors, which must never reach a user.
const PARSER_INTERNALS =
  /CronPattern|nearestWeekdays|dayOfWeek|Invalid value|Invalid part|illegal|Syntax error|TypeError|undefined|NaN/;

describe("cron errors", () => {
  it("say in our words what is wrong", () => {
    expect(cronProblem("0 0 32 * *")).toBe("day-of-month 32 is out of range 1–31.");
    expect(cronProblem("0 0 * * * *")).toBe("Expected 5 fields (minute hour day-of-month month day-of-week), got 6.");
    expect(cronProblem("0 9 * *")).toBe("Expected 5 fields (minute hour day-of-month month day-of-week), got 4.");
    expect(cronProblem("   ")).toMatch(/^The expression is empty/);
    expect(cronProblem("60 * * * *")).toBe("minute 60 is out of range 0–59.");
    expect(cronProblem("0 24 * * *")).toBe("hour 24 is out of range 0–23.");
    expect(cronProblem("0 0 1 13 *")).toBe("month 13 is out of range 1–12.");
    expect(cronProblem("0 0 * * 8")).toBe("day-of-week 8 is out of range 0–7.");
    expect(cronProblem("*/0 * * * *")).toBe("minute step 0 must be at least 1.");
    expect(cronProblem("0 5-2 * * *")).toBe("hour range 5-2 runs backwards: write the smaller value first.");
    expect(cronProblem("0 0 15W * *")).toBe('day-of-month "15W" uses a special character this field does not support.');
    expect(cronProblem("0 0 * FOO *")).toBe('month "FOO" is not a number, a name (JAN–DEC), * or a range like 1-5.');
    expect(cronProblem("0 0 1,,2 * *")).toBe('day-of-month "1,,2" has an empty item in its list.');
    expect(cronProblem("0 0 * * 1#6")).toMatch(/^day-of-week "1#6": the number after # must be 1 to 5/);
    expect(cronProblem("5/10 * * * *")).toBe(
      'minute "5/10": a step needs * or a range before it, such as */10 or 5-59/10.',
    );
    expect(cronProblem("0 0 31 2 *")).toMatch(/^This expression never runs/);
  });

  it("accept what the presets and the documented syntax write", () => {
    for (const kind of PRESET_KINDS)
      expect(cronProblem(presetToCron({ kind, time: "09:30", weekday: 1, dayOfMonth: 15 }))).toBeNull();
    for (const ok of [
      "*/15 * * * *",
      "0 9-17/2 * * MON-FRI",
      "0 0 1,15 JAN,JUL *",
      "0 8 * * 5L",
      "0 8 * * 1#2",
      "0 0 L * *",
      "0 0 * * 7",
      "0 0 ? * 1",
    ]) {
      expect(cronProblem(ok), ok).toBeNull();
    }
  });

  it("never quote the parser's internals, whatever the expression", () => {
    const token = fc.oneof(
      fc.constantFrom(
        "*",
        "?",
        "L",
        "W",
        "#",
        "/",
        "-",
        ",",
        "0",
        "7",
        "31",
        "32",
        "99",
        "JAN",
        "SUN",
        "5L",
        "1#2",
        "15W",
        "LW",
        "*/0",
        "1-",
        "-1",
      ),
      fc.string({ maxLength: 4 }),
    );
    const expression = fc
      .array(
        fc.array(token, { minLength: 1, maxLength: 3 }).map((t) => t.join("")),
        { minLength: 0, maxLength: 7 },
      )
      .map((f) => f.join(" "));
    fc.assert(
      fc.property(expression, (cron) => {
        const problem = cronProblem(cron);
        if (problem !== null) expect(problem).not.toMatch(PARSER_INTERNALS);
      }),
      { numRuns: 2000 },
    );
  });
});
