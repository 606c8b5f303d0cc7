import type { TotalKind } from "./types";

/** What each headline figure is, said the same way on every surface; each covers the whole range and filters. */
export const TOTAL_KIND_TEXT: Record<TotalKind, string> = {
  rows: "matching the range and filters",
  count: "total over the range",
  count_distinct: "unique over the range",
  sum: "total over the range",
  avg: "average over the range",
  min: "minimum over the range",
  max: "maximum over the range",
  p50: "median over the range",
  p95: "95th percentile over the range",
};
