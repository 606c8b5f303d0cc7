import { cx } from "./cx";

export function Skeleton(props: { width?: number | string; height?: number | string; className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={cx("skeleton", props.className)}
      style={{ width: props.width, height: props.height }}
    />
  );
}
