// Reference computations written differently from the code under test, so a test
// compares two implementations rather than one with itself.

const formats = new Map<string, Intl.DateTimeFormat>();

/** Local calendar date via Intl's own formatting (en-CA prints YYYY-MM-DD). */
export function referenceLocalDate(timeZone: string, instantMs: number): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(timeZone, f);
  }
  return f.format(new Date(instantMs));
}

export function toMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string" && !/^\d+$/.test(value)) return Date.parse(value);
  return Number(value);
}
