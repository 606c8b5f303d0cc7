import type { HTMLAttributes, ReactNode } from "react";
import { cx } from "./cx";

export function Card({ className, ...rest }: HTMLAttributes<HTMLElement>) {
  return <section className={cx("card", className)} {...rest} />;
}

export function CardHeader(props: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="card-header">
      <div>
        <h2 className="card-title">{props.title}</h2>
        {props.description ? <p className="card-description">{props.description}</p> : null}
      </div>
      {props.actions ? <div className="card-actions">{props.actions}</div> : null}
    </header>
  );
}
