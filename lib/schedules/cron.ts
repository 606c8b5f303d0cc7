import { Cron } from "croner";
import cronstrue from "cronstrue";
import { canonicalTimeZone } from "../time/zone-names";
import { cronSyntaxProblem } from "./cron-syntax";

/**
 * Cron expressions are five fields (minute hour day-of-month month day-of-week),
 * evaluated in the schedule's IANA timezone. Croner keeps wall-clock semantics across
 * DST: a time that does not exist on the spring-forward day runs once at the next valid
 * instant, and a time that occurs twice on the fall-back day runs once, at the first.
 */
function parse(cron: string, timezone: string): Cron {
  return new Cron(cron, { timezone, paused: true, mode: "5-part" });
}

/** Why a cron expression is not usable, in our words (never the parser's), or null when it is. */
export function cronProblem(cron: string): string | null {
  const syntax = cronSyntaxProblem(cron);
  if (syntax) return syntax;
  try {
    const job = parse(cron, "UTC");
    if (!job.nextRun(new Date())) return "This expression never runs (no date matches every field).";
    return null;
  } catch {
    return "This expression cannot be scheduled: check each field against minute hour day-of-month month day-of-week.";
  }
}

export function timezoneProblem(timezone: string): string | null {
  return canonicalTimeZone(timezone)
    ? null
    : `Unknown timezone "${timezone}": use an IANA name such as Europe/Berlin, or UTC.`;
}

/** The first occurrence strictly after `after`, or null if there is none. */
export function nextRunAfter(cron: string, timezone: string, after: Date): Date | null {
  return parse(cron, timezone).nextRun(after);
}

export function nextRuns(cron: string, timezone: string, after: Date, count: number): Date[] {
  return parse(cron, timezone).nextRuns(count, after);
}

export function describeCron(cron: string): string {
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return cron;
  }
}

/**
 * The occurrences due at `now` for a schedule whose next unclaimed one is `first`: the
 * latest one at or before `now` (the only one that runs, however many were missed), how
 * many earlier ones it stands for, and the first one after `now` (the new next run).
 */
export function dueOccurrence(
  cron: string,
  timezone: string,
  first: Date,
  now: Date,
): { occurrence: Date; missedEarlier: boolean; next: Date | null } {
  const job = parse(cron, timezone);
  const afterFirst = job.nextRun(first);
  if (!afterFirst || afterFirst.getTime() > now.getTime())
    return { occurrence: first, missedEarlier: false, next: afterFirst };
  // previousRuns counts back from an exclusive reference, so step 1 ms past `now`.
  const [latest] = job.previousRuns(1, new Date(now.getTime() + 1));
  return { occurrence: latest ?? first, missedEarlier: true, next: job.nextRun(now) };
}
