import type { InputHTMLAttributes } from "react";
import { cx } from "./cx";

export function Input({ className, ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cx("input", className)} {...rest} />;
}
