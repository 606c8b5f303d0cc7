"use client";

import { useId, useRef, useState } from "react";
import { formatDateTime, formatRelativeTime } from "@/lib/format/dates";
import { formatInteger } from "@/lib/format/numbers";
import {
  EXPORT_STATUSES,
  isActiveStatus,
  useCancelExport,
  useDeleteExport,
  useExportLink,
  useExports,
  useRetryExport,
  type ExportFilters,
  type ExportJob,
  type ExportStatus,
} from "@/components/hooks/export-queries";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/select";
import { ListSkeleton, LoadErrorCard } from "@/components/ui/query-state";
import type { ExportFormat } from "@/lib/exports/types";
import { ProgressBar } from "@/components/ui/progress-bar";
import { FORMAT_CHOICES, formatBytes, formatDuration, formatLabel, STATUS_LABELS, STATUS_TONES } from "./export-labels";

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function isStatus(value: string): value is ExportStatus {
  return (EXPORT_STATUSES as readonly string[]).includes(value);
}

function isFormat(value: string): value is ExportFormat {
  return FORMAT_CHOICES.some((c) => c.format === value);
}

type RowAction = "cancel" | "retry" | "delete" | "link";

interface CopiedLink {
  reportName: string;
  url: string;
  expiresAt: string;
  /** False when the browser refused the clipboard: the link is shown to copy by hand. */
  copied: boolean;
}

export function ExportsPage(props: { canExport: boolean }) {
  const id = useId();
  const [filters, setFilters] = useState<ExportFilters>({});
  const exports = useExports(filters);
  const cancel = useCancelExport();
  const retry = useRetryExport();
  const remove = useDeleteExport();
  const link = useExportLink();
  const [copiedLink, setCopiedLink] = useState<CopiedLink | null>(null);
  /** Row actions on their way to the server, by export id. */
  const [pending, setPending] = useState<ReadonlyMap<string, RowAction>>(() => new Map());
  const [actionError, setActionError] = useState<string | null>(null);
  /** Running exports asked to stop: they say "running" until the worker reaches its next batch. */
  const [cancelRequested, setCancelRequested] = useState<ReadonlySet<string>>(() => new Set());
  const [announcement, setAnnouncement] = useState("");
  const tableRef = useRef<HTMLTableElement>(null);
  const filtered = Boolean(filters.status || filters.format);
  const refreshing = exports.isFetching && exports.isPlaceholderData;

  function copyLink(job: ExportJob) {
    if (pending.has(job.id)) return;
    setActionError(null);
    setPending((map) => new Map(map).set(job.id, "link"));
    link.mutate(job.id, {
      onSuccess: async ({ url, expiresAt }) => {
        let copied = true;
        try {
          await navigator.clipboard.writeText(url);
        } catch {
          copied = false;
        }
        setCopiedLink({ reportName: job.reportName, url, expiresAt, copied });
      },
      onError: (error) =>
        setActionError(`Could not make a link to the export of “${job.reportName}”: ${error.message}`),
      onSettled: () =>
        setPending((map) => {
          const next = new Map(map);
          next.delete(job.id);
          return next;
        }),
    });
  }

  function run(job: ExportJob, action: RowAction) {
    if (action === "link") {
      copyLink(job);
      return;
    }
    if (pending.has(job.id) || (action === "cancel" && cancelRequested.has(job.id))) return;
    if (
      action === "delete" &&
      !window.confirm(`Delete the ${formatLabel(job.format)} export of “${job.reportName}”? Its file is removed too.`)
    ) {
      return;
    }
    setActionError(null);
    setPending((map) => new Map(map).set(job.id, action));
    const mutation = action === "cancel" ? cancel : action === "retry" ? retry : remove;
    mutation.mutate(job.id, {
      onSuccess: () => {
        if (action === "cancel") setCancelRequested((ids) => new Set(ids).add(job.id));
        setAnnouncement(
          action === "cancel"
            ? `Asked the export of “${job.reportName}” to stop.`
            : action === "retry"
              ? `Started the export of “${job.reportName}” again.`
              : `Deleted the export of “${job.reportName}”.`,
        );
        // The row (and the button in it) is gone: keep focus on the history rather than the page.
        if (action === "delete") tableRef.current?.focus();
      },
      onError: (error) => {
        setActionError(`Could not ${action} the export of “${job.reportName}”: ${error.message}`);
        void exports.refetch();
      },
      onSettled: () =>
        setPending((map) => {
          const next = new Map(map);
          next.delete(job.id);
          return next;
        }),
    });
  }

  return (
    <div className="exports-page">
      <header className="page-header">
        <div className="page-heading">
          <h1 className="page-title">Exports</h1>
          <p className="page-subtitle">Files made from reports in this workspace, newest first.</p>
        </div>
        <div className="page-actions export-filters">
          <div className="filter-field">
            <label className="label" htmlFor={`${id}-status`}>
              Status
            </label>
            <Select
              id={`${id}-status`}
              value={filters.status ?? ""}
              onChange={(e) => {
                const value = e.target.value;
                setFilters((f) => ({ ...f, status: isStatus(value) ? value : undefined }));
              }}
            >
              <option value="">All</option>
              {EXPORT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </Select>
          </div>
          <div className="filter-field">
            <label className="label" htmlFor={`${id}-format`}>
              Format
            </label>
            <Select
              id={`${id}-format`}
              value={filters.format ?? ""}
              onChange={(e) => {
                const value = e.target.value;
                setFilters((f) => ({ ...f, format: isFormat(value) ? value : undefined }));
              }}
            >
              <option value="">All</option>
              {FORMAT_CHOICES.map((c) => (
                <option key={c.format} value={c.format}>
                  {c.label}
                </option>
              ))}
            </Select>
          </div>
        </div>
      </header>

      <p className="updating" aria-live="polite">
        {refreshing ? "Updating…" : null}
      </p>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {copiedLink ? (
        <div className="notice notice-info export-link-notice" role="status">
          <p>
            {copiedLink.copied ? "Link copied" : "Copy this link"} to the export of “{copiedLink.reportName}”. Anyone
            with it can download the file until {formatDateTime(copiedLink.expiresAt, browserTimeZone())}.
          </p>
          {copiedLink.copied ? null : (
            <input
              className="input"
              readOnly
              value={copiedLink.url}
              aria-label="Download link"
              onFocus={(e) => e.currentTarget.select()}
            />
          )}
        </div>
      ) : null}
      {actionError ? (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      ) : null}

      {exports.isPending ? (
        <ListSkeleton label="Loading exports…" rows={5} widths={["30%", "10%", "15%", "20%"]} />
      ) : exports.isError ? (
        <LoadErrorCard title="Could not load exports" query={exports} />
      ) : exports.data.length === 0 ? (
        <Card className="empty-card" data-testid="exports-empty">
          {filtered ? (
            <>
              <p className="empty-title">No exports match these filters.</p>
              <p className="empty-hint">Choose “All” for status and format to see every export.</p>
            </>
          ) : (
            <>
              <p className="empty-title">No exports yet.</p>
              <p className="empty-hint">
                {props.canExport
                  ? "Export a report or the dashboard and the file appears here, ready to download again."
                  : "Exports that members of this workspace make will appear here."}
              </p>
            </>
          )}
        </Card>
      ) : (
        <Card className={exports.isPlaceholderData ? "report-list-card is-stale" : "report-list-card"}>
          <table className="data-table report-table exports-table" ref={tableRef} tabIndex={-1}>
            <caption className="sr-only">Export history</caption>
            <thead>
              <tr>
                <th scope="col">Report</th>
                <th scope="col">Format</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col">Requested by</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {exports.data.map((job) => (
                <ExportRow
                  key={job.id}
                  job={job}
                  canExport={props.canExport}
                  busy={
                    pending.get(job.id) ?? (cancelRequested.has(job.id) && isActiveStatus(job.status) ? "cancel" : null)
                  }
                  onAction={(action) => run(job, action)}
                />
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}

function ExportRow(props: {
  job: ExportJob;
  canExport: boolean;
  busy: RowAction | null;
  onAction: (action: RowAction) => void;
}) {
  const { job, canExport, busy } = props;
  const timeZone = browserTimeZone();
  const active = isActiveStatus(job.status);
  const which = (
    <span className="sr-only">
      {" "}
      the {formatLabel(job.format)} export of {job.reportName}
    </span>
  );

  return (
    <tr>
      <td>
        <span className="export-report-name">{job.reportName}</span>
        {job.status === "failed" && job.errorMessage ? <p className="export-row-error">{job.errorMessage}</p> : null}
      </td>
      <td>{formatLabel(job.format)}</td>
      <td>
        <div className="export-status-cell">
          <Badge tone={STATUS_TONES[job.status]}>{STATUS_LABELS[job.status]}</Badge>
          {job.status === "running" && job.percent !== null ? (
            <span className="muted">{Math.floor(job.percent)}%</span>
          ) : null}
        </div>
        {job.status === "running" ? (
          <ProgressBar percent={job.percent} label={`Progress of ${job.reportName}`} className="progress-small" />
        ) : null}
      </td>
      <td className="num">{job.status === "succeeded" || job.rowsDone > 0 ? formatInteger(job.rowsDone) : "—"}</td>
      <td className="num">{job.byteSize !== null ? formatBytes(job.byteSize) : "—"}</td>
      <td className="num">{job.durationMs !== null ? formatDuration(job.durationMs) : "—"}</td>
      <td className="requested-by">
        <BreakableEmail value={job.createdBy} />
      </td>
      <td>
        <time dateTime={job.createdAt} title={formatDateTime(job.createdAt, timeZone)}>
          {formatRelativeTime(job.createdAt, timeZone)}
        </time>
      </td>
      <td>
        <div className="row-actions">
          {job.status === "succeeded" && job.downloadUrl ? (
            <a className={buttonClassName("secondary", "sm")} href={job.downloadUrl} download>
              Download{which}
            </a>
          ) : null}
          {job.status === "succeeded" ? (
            <Button size="sm" onClick={() => props.onAction("link")} aria-disabled={busy !== null}>
              {busy === "link" ? "Copying…" : "Copy link"}
              {which}
            </Button>
          ) : null}
          {canExport && active ? (
            <Button size="sm" onClick={() => props.onAction("cancel")} aria-disabled={busy !== null}>
              {busy === "cancel" ? "Canceling…" : "Cancel"}
              {which}
            </Button>
          ) : null}
          {canExport && (job.status === "failed" || job.status === "canceled" || job.status === "expired") ? (
            <Button size="sm" onClick={() => props.onAction("retry")} aria-disabled={busy !== null}>
              {busy === "retry" ? "Retrying…" : "Retry"}
              {which}
            </Button>
          ) : null}
          {canExport ? (
            <Button size="sm" variant="ghost" onClick={() => props.onAction("delete")} aria-disabled={busy !== null}>
              {busy === "delete" ? "Deleting…" : "Delete"}
              {which}
            </Button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

/** An email that may wrap before its "@" (and nowhere else) when the table runs out of room. */
function BreakableEmail(props: { value: string }) {
  const at = props.value.indexOf("@");
  if (at <= 0) return <>{props.value}</>;
  return (
    <>
      {props.value.slice(0, at)}
      <wbr />
      {props.value.slice(at)}
    </>
  );
}
