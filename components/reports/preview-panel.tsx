"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { formatInteger } from "@/lib/format/numbers";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useLocale } from "@/components/ui/locale";
import type { PreviewResult } from "@/lib/reports/types";
import type { SortDraft } from "./draft";
import { isValidationError } from "./issues";
import { PreviewTable } from "./preview-table";

export function PreviewPanel(props: {
  query: UseQueryResult<PreviewResult, Error>;
  /** The definition has local problems, so it is not being sent. */
  paused: boolean;
  /** The definition changed and the preview has not been asked for it yet (debounce). */
  settling: boolean;
  sort: SortDraft[];
  sortable: Set<string>;
  timeZone: string;
  onSort: (key: string) => void;
  /** The page asked for; the data may still show the previous one. */
  page: number;
  onPage: (page: number) => void;
}) {
  const { query, paused } = props;
  const locale = useLocale();
  const data = query.data;
  const busy = props.settling || query.isFetching;
  const updating = busy && data !== undefined;

  let body;
  if (data) {
    body =
      data.rows.length === 0 ? (
        <p className="preview-empty">No rows match this report.</p>
      ) : (
        <PreviewTable
          result={data}
          sort={props.sort}
          sortable={props.sortable}
          timeZone={props.timeZone}
          onSort={props.onSort}
        />
      );
  } else if (query.isError) {
    body = isValidationError(query.error) ? (
      <p className="preview-empty">This report can’t be previewed until the problems above are fixed.</p>
    ) : (
      <div className="preview-error" role="alert">
        <p className="error-message">Could not load the preview: {query.error.message}</p>
        <Button size="sm" onClick={() => void query.refetch()} disabled={query.isFetching}>
          {query.isFetching ? "Retrying…" : "Try again"}
        </Button>
      </div>
    );
  } else if (paused) {
    body = <p className="preview-empty">Finish the highlighted fields to see a preview.</p>;
  } else {
    body = <PreviewSkeleton />;
  }

  const total = data ? (data.limited ? data.limit : data.totalCount) : 0;
  const start = data ? data.page * data.pageSize : 0;
  const end = data ? start + data.rows.length : 0;
  const pageCount = data ? Math.max(1, Math.ceil(total / data.pageSize)) : 1;

  return (
    <section className="card preview-card" aria-label="Preview" aria-busy={busy}>
      <header className="preview-header">
        <div className="preview-heading">
          <h2 className="card-title">Preview</h2>
          <span className="updating" aria-live="polite">
            {updating ? "Updating…" : null}
          </span>
        </div>
        {data && data.rows.length > 0 ? (
          <p className="preview-count" aria-live="polite">
            Rows {formatInteger(start + 1, locale)}–{formatInteger(end, locale)} of {formatInteger(total, locale)}
          </p>
        ) : null}
      </header>

      {paused && data ? (
        <p className="notice notice-info">Preview paused: it shows the last complete version of this report.</p>
      ) : null}
      {data?.notices.map((notice) => (
        <p
          key={`${notice.code}:${notice.message}`}
          className="notice notice-warning"
          role="status"
          data-notice={notice.code}
        >
          {notice.message}
        </p>
      ))}
      {data?.limited ? (
        <p className="notice notice-warning">
          Showing the first {formatInteger(data.limit, locale)} of {formatInteger(data.totalCount, locale)} rows: the
          report&apos;s row limit, which exports keep too. Raise Row limit to include more.
        </p>
      ) : null}

      <div className={query.isPlaceholderData ? "preview-body is-stale" : "preview-body"}>{body}</div>

      {data && total > data.pageSize ? (
        <nav className="pager" aria-label="Preview pages">
          <Button
            size="sm"
            aria-disabled={props.page === 0}
            onClick={() => props.page > 0 && props.onPage(props.page - 1)}
          >
            Previous
          </Button>
          <span className="muted">
            Page {formatInteger(props.page + 1, locale)} of {formatInteger(pageCount, locale)}
          </span>
          <Button
            size="sm"
            aria-disabled={props.page + 1 >= pageCount}
            onClick={() => props.page + 1 < pageCount && props.onPage(props.page + 1)}
          >
            Next
          </Button>
        </nav>
      ) : null}
    </section>
  );
}

function PreviewSkeleton() {
  return (
    <div className="preview-skeleton">
      <span className="sr-only" role="status">
        Loading preview…
      </span>
      {Array.from({ length: 8 }, (_, i) => (
        <Skeleton key={i} height={20} width={i === 0 ? "60%" : "100%"} />
      ))}
    </div>
  );
}
