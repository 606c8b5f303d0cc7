// One rule for durations on every surface (preview, PDF, e-mail, chart axes): the largest
// unit in which the value is at least one, with up to one decimal.
import { formatInteger, formatDecimal, EMPTY_CELL } from "./numbers";

const UNITS = [
  { ms: 86_400_000, symbol: "d" },
  { ms: 3_600_000, symbol: "h" },
  { ms: 60_000, symbol: "min" },
  { ms: 1000, symbol: "s" },
] as const;

/** 850 → "850 ms", 1234 → "1.2 s", 204000 → "3.4 min", 5400000 → "1.5 h", 172800000 → "2 d". */
export function formatDuration(ms: number, locale?: string): string {
  if (!Number.isFinite(ms)) return EMPTY_CELL;
  const abs = Math.abs(ms);
  for (const unit of UNITS) {
    if (abs >= unit.ms) return `${formatDecimal(ms / unit.ms, locale, 1)} ${unit.symbol}`;
  }
  return `${formatInteger(ms, locale)} ms`;
}
