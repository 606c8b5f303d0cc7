// Money is stored as integer minor units (cents), so sums are exact integers. The one
// bound below applies to every stored amount and to every sum a report computes.

/**
 * The largest amount in cents, stored or summed: 2^50 − 1 (±11,258,999,068,426.23).
 * Below 2^50, an amount's double times 100 is within a quarter of its whole number of
 * cents (so cents are recovered exactly), and cents / 100 is the double whose shortest
 * text is the amount with its two decimals (so every format reads it back exactly).
 */
export const MAX_CENTS = 2 ** 50 - 1;

/** The bound as an amount, for messages and the API reference. */
export const MAX_AMOUNT_TEXT = "11,258,999,068,426.23";

/** The cents of an amount that has at most two decimals and lies within the bound. */
export function toCents(amount: number): number {
  const cents = Math.round(amount * 100);
  return cents === 0 ? 0 : cents;
}

/** The amount of a whole number of cents, as the double nearest to it. */
export function fromCents(cents: number): number {
  return cents === 0 ? 0 : cents / 100;
}

/** True when a finite number has at most `places` decimals (as JSON or CSV text would show it). */
export function hasAtMostDecimals(value: number, places: number): boolean {
  return Number.isFinite(value) && Number(value.toFixed(places)) === value;
}

/** True when an amount has at most two decimals and its cents lie within the bound. */
export function isAmount(value: number): boolean {
  return hasAtMostDecimals(value, 2) && Math.abs(toCents(value)) <= MAX_CENTS;
}
