import { z } from "zod";
import { ApiError } from "../errors";
import { boundedIsoDate, MIN_DATE } from "../time/bounds";
import { addDays, localDate, startOfLocalDay } from "../time/zone";

export const MAX_RANGE_DAYS = 731;

export interface DateRange {
  /** Inclusive local dates. */
  from: string;
  to: string;
  timezone: string;
  /** [fromMs, toMs) as instants. */
  fromMs: number;
  toMs: number;
  days: number;
}

const isoDate = (name: string) => boundedIsoDate(`\`${name}\``);

export const dateRangeQuery = z.object({
  from: isoDate("from").optional(),
  to: isoDate("to").optional(),
});

/**
 * A range of whole local days in the workspace's zone. Defaults to the last `defaultDays`
 * days up to today. Errors name the parameter at fault.
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
  const to = parsed.data.to ?? localDate(timezone, options.now ?? Date.now());
  const defaultFrom = addDays(to, -((options.defaultDays ?? 30) - 1));
  const from = parsed.data.from ?? (defaultFrom < MIN_DATE ? MIN_DATE : defaultFrom);
  if (from > to) throw new ApiError("invalid_parameter", "`from` must be on or before `to`.", { param: "from" });
  const fromMs = startOfLocalDay(timezone, from);
  const toMs = startOfLocalDay(timezone, addDays(to, 1));
  const days =
    Math.round(
      (Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8)) -
        Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8))) /
        86_400_000,
    ) + 1;
  if (days > MAX_RANGE_DAYS) {
    throw new ApiError("invalid_parameter", `The range may span at most ${MAX_RANGE_DAYS} days.`, { param: "from" });
  }
  return { from, to, timezone, fromMs, toMs, days };
}
