import { cx } from "./cx";

/** Percent clamped to 0–100 with one decimal at most; null while unknown. */
export function clampPercent(percent: number | null): number | null {
  if (percent === null || !Number.isFinite(percent)) return null;
  return Math.round(Math.min(100, Math.max(0, percent)) * 10) / 10;
}

export function ProgressBar(props: { percent: number | null; label?: string; className?: string }) {
  const value = clampPercent(props.percent);
  return (
    <div
      role="progressbar"
      aria-label={props.label ?? "Export progress"}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value ?? undefined}
      className={cx("progress", value === null && "progress-indeterminate", props.className)}
    >
      <div className="progress-fill" style={value === null ? undefined : { width: `${value}%` }} />
    </div>
  );
}
