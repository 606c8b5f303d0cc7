"use client";

import { Button } from "./button";
import { Card } from "./card";
import { Skeleton } from "./skeleton";

/** A list that is still loading: a few placeholder rows, announced to screen readers. */
export function ListSkeleton(props: { label: string; rows?: number; widths: string[] }) {
  return (
    <Card className="report-list-card" aria-busy="true">
      <span className="sr-only" role="status">
        {props.label}
      </span>
      {Array.from({ length: props.rows ?? 4 }, (_, i) => (
        <div key={i} className="report-list-skeleton-row">
          {props.widths.map((width, j) => (
            <Skeleton key={j} width={width} height={j === 0 ? 16 : 14} />
          ))}
        </div>
      ))}
    </Card>
  );
}

/** What failed to load, why, and a way to try again. */
export function LoadErrorCard(props: {
  title: string;
  query: { error: Error | null; isFetching: boolean; refetch: () => unknown };
}) {
  return (
    <Card className="error-card" role="alert">
      <h2 className="card-title">{props.title}</h2>
      <p className="error-message">{props.query.error?.message}</p>
      <Button onClick={() => void props.query.refetch()} disabled={props.query.isFetching}>
        {props.query.isFetching ? "Retrying…" : "Try again"}
      </Button>
    </Card>
  );
}
