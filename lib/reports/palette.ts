// One palette for every chart (builder, dashboard, PDF): a series keeps its colour wherever
// it is drawn, because the colour follows the series value, not its rank on a page.

export const SERIES_PALETTE = [
  "#6366f1",
  "#f59e0b",
  "#10b981",
  "#ec4899",
  "#0ea5e9",
  "#8b5cf6",
  "#ef4444",
  "#84cc16",
  // Darker tones after the first eight, so no two colours of the palette read alike.
  "#115e59",
  "#9a3412",
  "#1e3a8a",
  "#c026d3",
] as const;

/** The colour of the series that folds the smaller ones together. */
export const OTHER_SERIES_COLOR = "#94a3b8";

/** FNV-1a: a small stable hash, the same in every browser and in Node. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The colour a series value prefers, whatever else is drawn beside it. */
export function seriesColor(value: string): string {
  return SERIES_PALETTE[hash(value) % SERIES_PALETTE.length];
}

/**
 * Colours for the series of one chart: each its preferred colour, unless a series earlier
 * in name order took it, then the next free one. The same set of series gets the same
 * colours everywhere; up to the palette's size, no two share one.
 */
export function seriesColors(values: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<number>();
  for (const value of [...new Set(values)].sort()) {
    let slot = hash(value) % SERIES_PALETTE.length;
    for (let tries = 0; tries < SERIES_PALETTE.length && taken.has(slot); tries++) {
      slot = (slot + 1) % SERIES_PALETTE.length;
    }
    taken.add(slot);
    out.set(value, SERIES_PALETTE[slot]);
  }
  return out;
}
