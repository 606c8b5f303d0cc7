// Checks a five-field cron expression before croner sees it, so that a mistake is
// explained in our words ("day-of-month 32 is out of range 1–31") rather than in the
// parser's internals. Accepted per field: *, ?, numbers, names (JAN–DEC, SUN–SAT),
// ranges a-b, steps */n and a-b/n, lists with commas; L (last day) in
// day-of-month; nL (last such weekday) and n#k (k-th such weekday) in day-of-week.

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Index of the first name: months are 1-based, weekdays 0-based. */
  nameBase?: number;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

const FIELDS: FieldRule[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS, nameBase: 1 },
  // 7 is Sunday as well as 0.
  { name: "day-of-week", min: 0, max: 7, names: WEEKDAYS, nameBase: 0 },
];

const FIELD_LIST = FIELDS.map((f) => f.name).join(" ");

/** Why the expression is not valid cron syntax, in words; null when it is. */
export function cronSyntaxProblem(cron: string): string | null {
  const parts = cron.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return `The expression is empty: expected 5 fields (${FIELD_LIST}).`;
  if (parts.length !== FIELDS.length) {
    return `Expected 5 fields (${FIELD_LIST}), got ${parts.length}.`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = fieldProblem(parts[i], FIELDS[i]);
    if (problem) return problem;
  }
  return null;
}

function fieldProblem(text: string, rule: FieldRule): string | null {
  for (const item of text.split(",")) {
    if (item === "") return `${rule.name} "${text}" has an empty item in its list.`;
    const problem = itemProblem(item, rule);
    if (problem) return problem;
  }
  return null;
}

function itemProblem(item: string, rule: FieldRule): string | null {
  const upper = item.toUpperCase();
  if (rule.name === "day-of-month" && upper === "L") return null;
  if (rule.name === "day-of-week") {
    const nth = /^([^#]+)#(.*)$/.exec(upper);
    if (nth) {
      const day = valueProblem(nth[1], rule);
      if (day) return day;
      if (!/^[1-5]$/.test(nth[2]))
        return `day-of-week "${item}": the number after # must be 1 to 5 (which week of the month).`;
      return null;
    }
    const last = /^(.+)L$/.exec(upper);
    if (last && upper !== "L") return valueProblem(last[1], rule);
  }
  if (/[LW#]/.test(upper.replace(/[A-Z]{3}/g, ""))) {
    return `${rule.name} "${item}" uses a special character this field does not support.`;
  }

  const [range, step, extra] = item.split("/");
  if (extra !== undefined) return `${rule.name} "${item}" has more than one /.`;
  if (step !== undefined) {
    if (!/^\d+$/.test(step)) return `${rule.name} step "${step}" is not a whole number.`;
    const n = Number(step);
    if (n < 1) return `${rule.name} step ${n} must be at least 1.`;
    if (n > rule.max - rule.min + 1)
      return `${rule.name} step ${n} is larger than the field's range ${rule.min}–${rule.max}.`;
  }
  if (range === "*" || range === "?") return null;
  if (step !== undefined && !range.includes("-")) {
    return `${rule.name} "${item}": a step needs * or a range before it, such as */${step} or ${range}-${rule.max}/${step}.`;
  }
  const bounds = range.split("-");
  if (bounds.length > 2 || bounds.some((b) => b === ""))
    return `${rule.name} "${range}" is not a number, a name, * or a range like 1-5.`;
  for (const bound of bounds) {
    const problem = valueProblem(bound, rule);
    if (problem) return problem;
  }
  if (bounds.length === 2) {
    const [from, to] = bounds.map((b) => valueOf(b, rule));
    if (from > to) return `${rule.name} range ${range} runs backwards: write the smaller value first.`;
  }
  return null;
}

function valueOf(text: string, rule: FieldRule): number {
  const index = rule.names?.indexOf(text.toUpperCase() as never) ?? -1;
  return index >= 0 ? index + (rule.nameBase ?? 0) : Number(text);
}

function valueProblem(text: string, rule: FieldRule): string | null {
  if (rule.names?.includes(text.toUpperCase() as never)) return null;
  if (!/^\d+$/.test(text)) {
    const names = rule.names ? `, a name (${rule.names[0]}–${rule.names[rule.names.length - 1]})` : "";
    return `${rule.name} "${text}" is not a number${names}, * or a range like 1-5.`;
  }
  const n = Number(text);
  if (n < rule.min || n > rule.max) return `${rule.name} ${n} is out of range ${rule.min}–${rule.max}.`;
  return null;
}
