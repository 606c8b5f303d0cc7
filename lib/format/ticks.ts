// Value-axis ticks at round numbers (1, 2 or 5 times a power of ten), the same rule for
// the UI's charts and the PDF's: 0/100/200/300/400, never 0/85/170/255/340.

export interface NiceTicks {
  /** The axis runs from the first tick to the last. */
  domain: [number, number];
  ticks: number[];
  step: number;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return factor * power;
}

/** Decimals a step needs so that ticks print without float noise (0.1 + 0.2). */
function decimals(step: number): number {
  return Math.max(0, Math.min(20, -Math.floor(Math.log10(step) + 1e-9)));
}

/**
 * Round ticks covering [min, max] with about `count` intervals; for whole-number values
 * (counts) the step is at least 1, so no axis reads 6.6, 6.8, 7.0. Zero-width and
 * non-finite inputs fall back to a unit axis around the value.
 */
export function niceTicks(min: number, max: number, count = 5, integer = false): NiceTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return niceTicks(0, 1, count, integer);
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    if (min === 0) return niceTicks(0, 1, count, integer);
    return min > 0 ? niceTicks(0, max, count, integer) : niceTicks(min, 0, count, integer);
  }
  const floor = integer ? 1 : 0;
  let step = Math.max(floor, niceStep(max - min, count));
  // A second pass: the rounded-out domain can call for a coarser step.
  for (let pass = 0; pass < 2; pass++) {
    const lo = Math.floor(min / step) * step;
    const hi = Math.ceil(max / step) * step;
    const next = Math.max(floor, niceStep(hi - lo, count));
    if (next === step) break;
    step = next;
  }
  const digits = decimals(step);
  const round = (v: number) => Number(v.toFixed(digits)) || 0;
  const first = Math.floor(min / step);
  const last = Math.ceil(max / step);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(round(i * step));
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks, step };
}

/** Decimals an axis label needs at a tick step (step 0.25 → 2, step 50 → 0). */
export function stepDecimals(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  return Math.min(4, decimals(step));
}
