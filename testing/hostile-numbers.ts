// Generators of hostile numbers and calendar-edge times, and oracles that say from a
// value's own text (and with BigInt) whether Chartroom must accept it and what it must
// show: written apart from the application's checks, for lib/security/hostile-numbers.test.ts.
import fc from "fast-check";

export const MAX_CENTS = 2n ** 50n - 1n;
export const DAY = 86_400_000;
export const MIN_MS = Date.UTC(1970, 0, 1);
export const END_MS = Date.UTC(9999, 11, 31);

// Generators

export const extremeNumber = fc.oneof(
  fc.constantFrom(
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    2.2250738585072014e-308,
    -0,
    0,
    2 ** 53 - 1,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    2 ** 31 - 1,
    2 ** 31,
    10000000000000.01,
    -10000000000000.01,
    10000000000000.015,
    11258999068426.23,
    -11258999068426.23,
    11258999068426.24,
    123456789012345.67,
    0.1234567890123456,
    1.005,
    0.1,
    0.3,
    1e-7,
    86_400_000,
    86_400_000.001,
  ),
  fc.constantFrom("NaN", "Infinity", "-Infinity", "1e3", "12.50", " 5", "0x10", "", null, true),
  fc.double(),
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => c / 100),
  fc.bigInt({ min: -MAX_CENTS, max: MAX_CENTS }).map((c) => Number(c) / 100),
  fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000),
);

/** Instants at the edges of the calendar and of the accepted range. */
export const anchorMs = fc.constantFrom(
  MIN_MS,
  MIN_MS - 1,
  0,
  END_MS - 1,
  END_MS,
  Date.UTC(9999, 11, 30),
  Date.UTC(2024, 1, 29, 12),
  Date.UTC(2000, 1, 29),
  Date.UTC(2100, 1, 28, 23),
  Date.UTC(1999, 11, 31, 23, 59, 59, 999),
  Date.UTC(2026, 2, 8, 7),
  Date.UTC(2026, 10, 1, 6),
  Date.UTC(2026, 2, 29, 1),
  Date.UTC(2026, 9, 25, 1),
);

/** A time as ISO 8601 or epoch ms near an anchor, or an epoch-ms extreme, or a year 0000–0999. */
export const instant = fc.oneof(
  fc
    .tuple(anchorMs, fc.integer({ min: -2 * DAY, max: 2 * DAY }), fc.boolean())
    .map(([a, d, iso]) => (iso ? new Date(a + d).toISOString() : a + d)),
  fc.constantFrom(8.64e15, -8.64e15, 2 ** 53, -(2 ** 53), 1.5, -1, Number.MAX_VALUE, "NaN", "9999-12-31T00:00:00Z"),
  fc
    .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(
      ([y, m, d]) =>
        `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T00:00:00Z`,
    ),
);

// Oracles, from the value's text

/** Cents of an amount that has at most two decimals in its shortest text and lies in the bound; null otherwise. */
export function expectedCents(value: unknown): bigint | null {
  if (value === undefined) return 0n;
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(value));
  if (!m) return null;
  const cents = BigInt(m[2]) * 100n + BigInt((m[3] ?? "").padEnd(2, "0"));
  const signed = m[1] ? -cents : cents;
  return signed > MAX_CENTS || signed < -MAX_CENTS ? null : signed;
}

/** The decimal text of cents, as the shortest number text would show it: 1999 → "19.99", 10 → "0.1". */
export function centsText(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  const frac = String(abs % 100n)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${sign}${abs / 100n}${frac ? `.${frac}` : ""}`;
}

/** "$1,234.50" / "-$0.01", as a person reads an amount. */
export function dollars(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  const whole = String(abs / 100n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${cents < 0n ? "-" : ""}$${whole}.${String(abs % 100n).padStart(2, "0")}`;
}

export function decimalsOk(value: unknown, min: number, max: number, places: number): boolean {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) return false;
  const m = /^-?\d+(?:\.(\d+))?$/.exec(String(value));
  return m !== null && (m[1] ?? "").length <= places;
}

export function expectedMs(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value >= MIN_MS && value < END_MS ? value : null;
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return null;
  const ms = Date.parse(value);
  return ms >= MIN_MS && ms < END_MS ? ms : null;
}

export const usageBatch = fc.array(
  fc.record({ revenue: extremeNumber, durationMs: extremeNumber, occurredAt: instant }),
  {
    minLength: 1,
    maxLength: 6,
  },
);

/** Mostly values that pass the door, so most runs carry rows out to the files. */
export const likelyValid = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: extremeNumber, weight: 1 });

/** One batch near one calendar edge (a report's range is at most 3,660 days). */
export const exportBatch = fc
  .tuple(
    anchorMs,
    fc.array(
      fc.record({
        revenue: likelyValid(
          fc.oneof(
            fc.bigInt({ min: -MAX_CENTS, max: MAX_CENTS }).map((c) => Number(c) / 100),
            fc.constantFrom(
              10000000000000.01,
              11258999068426.23,
              -11258999068426.23,
              -0,
              0.1,
              0.3,
              2 ** 50 / 100 - 0.01,
            ),
            fc.integer({ min: -100_000, max: 100_000 }).map((c) => c / 100),
          ),
        ),
        durationMs: likelyValid(
          fc.oneof(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(0, 1, 999, 2 ** 31 - 1)),
        ),
        offset: fc.oneof(
          { arbitrary: fc.integer({ min: -DAY, max: DAY }), weight: 5 },
          { arbitrary: instant, weight: 1 },
        ),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([anchor, records]) =>
    records.map(({ offset, ...r }) => ({
      ...r,
      occurredAt:
        typeof offset === "number" && Math.abs(offset) <= DAY
          ? Math.min(END_MS - 1, Math.max(MIN_MS, anchor + offset))
          : offset,
    })),
  );
