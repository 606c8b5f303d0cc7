import type { CSSProperties, ReactNode } from "react";
import { formatLongDay } from "@/lib/format/dates";
import { niceTicks } from "@/lib/format/ticks";

export const CHART_HEIGHT = 260;

export const GRID_STROKE = "#eceef2";
export const SECONDARY_SERIES = "#94a3b8";

export const SEVERITY_COLORS = {
  critical: "#dc2626",
  warning: "#d97706",
  info: "#2563eb",
} as const;

export const axisProps = {
  stroke: "#d4d7dd",
  tick: { fill: "#6b7280", fontSize: 12 },
  tickLine: false,
  axisLine: false,
} as const;

export const tooltipProps = {
  contentStyle: {
    borderRadius: 8,
    border: "1px solid #e5e7eb",
    boxShadow: "0 4px 16px rgba(17, 24, 39, 0.08)",
    fontSize: 13,
    padding: "8px 12px",
  } satisfies CSSProperties,
  labelStyle: { color: "#111827", fontWeight: 600, marginBottom: 4 } satisfies CSSProperties,
  itemStyle: { padding: 0 } satisfies CSSProperties,
} as const;

/** Tooltip value formatter: numbers through `format`, anything else as-is. */
export function formatValue(format: (value: number) => string) {
  return (value: unknown): ReactNode => (typeof value === "number" ? format(value) : String(value ?? ""));
}

/** Tooltip title for a day: "Mon, Nov 3, 2025" in the locale. */
export function dayLabel(locale: string) {
  return (label: ReactNode): ReactNode => (typeof label === "string" ? formatLongDay(label, locale) : label);
}

/** A value axis at round ticks over the values (the same rule as the PDF's charts), from zero unless `hug`. */
export function valueAxis(values: number[], options: { count?: number; hug?: boolean } = {}) {
  const finite = values.filter((v) => Number.isFinite(v));
  const max = finite.length > 0 ? Math.max(...finite) : 0;
  const min = finite.length > 0 ? Math.min(...finite) : 0;
  return niceTicks(options.hug ? min : Math.min(0, min), max, options.count ?? 5);
}
