import { z } from "zod";
import { ApiError } from "../errors";
import { dayCount, limitRange, previousRange, rangeShortenedMessage } from "../reports/time-range";
import { boundedIsoDate, MIN_DATE } from "../time/bounds";
import { addDays, localDate, startOfLocalDay } from "../time/zone";

export interface DateRange {
  /** Inclusive local dates. */
  from: string;
  to: string;
  timezone: string;
  /** [fromMs, toMs) as instants. */
  fromMs: number;
  toMs: number;
  days: number;
  /** Today in the zone: days from it on are not over yet. */
  today: string;
  /** The period of equal length in whole local days before the range, as instants [fromMs, toMs). */
  previous: { from: string; to: string; fromMs: number; toMs: number };
  /** Set when the requested range was longer than the maximum and was shortened. */
  notice: string | null;
}

const isoDate = (name: string) => boundedIsoDate(`\`${name}\``);

export const dateRangeQuery = z.object({
  from: isoDate("from").optional(),
  to: isoDate("to").optional(),
});

/**
 * A range of whole local days in the workspace's zone. Defaults to the last `defaultDays`
 * days up to today; a range longer than the maximum (shared with the report builder) is
 * shortened the same way, with the same message. Errors name the parameter at fault.
 */
export function resolveDateRange(
  input: { from?: string; to?: string },
  timezone: string,
  options: { now?: number; defaultDays?: number } = {},
): DateRange {
  const parsed = dateRangeQuery.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError("invalid_parameter", issue.message, { param: String(issue.path[0] ?? "from") });
  }
  const today = localDate(timezone, options.now ?? Date.now());
  const requestedTo = parsed.data.to ?? today;
  const defaultFrom = addDays(requestedTo, -((options.defaultDays ?? 30) - 1));
  const requestedFrom = parsed.data.from ?? (defaultFrom < MIN_DATE ? MIN_DATE : defaultFrom);
  if (requestedFrom > requestedTo) {
    throw new ApiError("invalid_parameter", "`from` must be on or before `to`.", { param: "from" });
  }
  const { from, to, shortened } = limitRange(requestedFrom, requestedTo, today);
  const before = previousRange({ from, to });
  return {
    from,
    to,
    timezone,
    fromMs: startOfLocalDay(timezone, from),
    toMs: startOfLocalDay(timezone, addDays(to, 1)),
    days: dayCount(from, to),
    today,
    previous: {
      ...before,
      // Nothing is stored before the earliest accepted date.
      fromMs: startOfLocalDay(timezone, before.from < MIN_DATE ? MIN_DATE : before.from),
      toMs: startOfLocalDay(timezone, from),
    },
    notice: shortened ? rangeShortenedMessage(from, to) : null,
  };
}
