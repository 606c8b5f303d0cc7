import type { ButtonHTMLAttributes } from "react";
import { cx } from "./cx";

export type ButtonVariant = "primary" | "secondary" | "ghost";
export type ButtonSize = "sm" | "md";

/** Class names for anything that should look like a button, such as a download link. */
export function buttonClassName(variant: ButtonVariant = "secondary", size: ButtonSize = "md"): string {
  return cx("btn", `btn-${variant}`, size === "sm" && "btn-sm");
}

export function Button({
  variant,
  size,
  className,
  type = "button",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <button type={type} className={cx(buttonClassName(variant, size), className)} {...rest} />;
}
