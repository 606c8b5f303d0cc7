import { z } from "zod";
import { isIsoDate } from "./zone";

// The one rule for dates and instants every route accepts: calendar dates from
// 1970-01-01 to 9999-12-30, instants from 1970-01-01T00:00:00Z up to (not including)
// 9999-12-31T00:00:00Z. The last day of year 9999 is left out so that "the day after the
// range" and every zone's local midnight still fall in a four-digit year; years before
// 1970 (and so every year before 1000, which JavaScript's Date.UTC reads as 19xx below
// 100) are refused rather than guessed at.

export const MIN_DATE = "1970-01-01";
export const MAX_DATE = "9999-12-30";
export const MIN_INSTANT_MS = Date.UTC(1970, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 31);

export const DATE_BOUNDS_TEXT = `between ${MIN_DATE} and ${MAX_DATE}`;

/** A problem with a YYYY-MM-DD date that is already known to be real, or null when it lies in bounds. */
export function dateOutOfBounds(date: string): string | null {
  return date < MIN_DATE || date > MAX_DATE ? `Dates must lie ${DATE_BOUNDS_TEXT}.` : null;
}

/** True for an instant (epoch ms) the rule accepts. */
export function instantInBounds(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms < MAX_INSTANT_MS;
}

export const INSTANT_BOUNDS_TEXT = `from ${MIN_DATE}T00:00:00Z up to ${MAX_DATE}T23:59:59.999Z`;

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A YYYY-MM-DD date in bounds, with one message per way it can be wrong. `name` starts
 * the messages (for example "`from`"); errors carry the path of the value at fault.
 */
export function boundedIsoDate(name = "The date") {
  return z.string({ error: `${name} must be a date written YYYY-MM-DD.` }).superRefine((value, ctx) => {
    if (!DATE_SHAPE.test(value)) {
      ctx.addIssue({ code: "custom", message: `${name} must be a date written YYYY-MM-DD.` });
    } else if (dateOutOfBounds(value)) {
      ctx.addIssue({ code: "custom", message: `${name} must lie ${DATE_BOUNDS_TEXT}; ${value} does not.` });
    } else if (!isIsoDate(value)) {
      ctx.addIssue({ code: "custom", message: `${name} must be a real date written YYYY-MM-DD; ${value} is not.` });
    }
  });
}
