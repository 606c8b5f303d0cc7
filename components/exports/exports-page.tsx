"use client";

import { Fragment, useId, useRef, useState } from "react";
import { formatDateTime, formatRelativeTime } from "@/lib/format/dates";
import { formatInteger } from "@/lib/format/numbers";
import {
  EXPORT_STATUSES,
  isActiveStatus,
  useCancelExport,
  useDeleteExport,
  useExportFacets,
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
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useDebouncedValue } from "@/components/reports/use-debounced-value";
import { ListSkeleton, LoadErrorCard } from "@/components/ui/query-state";
import { useLocale } from "@/components/ui/locale";
import type { ExportFormat } from "@/lib/exports/types";
import { ProgressBar } from "@/components/ui/progress-bar";
import { FORMAT_CHOICES, formatBytes, formatDuration, formatLabel, STATUS_LABELS, STATUS_TONES } from "./export-labels";
import { describeChoice } from "./export-choice";

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

/** What happened to the row acted on last, shown right under it. */
interface RowFeedback {
  tone: "info" | "error";
  text: string;
  /** A link the browser refused to copy: shown to copy by hand. */
  url?: string;
}

export function ExportsPage(props: { canExport: boolean }) {
  const id = useId();
  const locale = useLocale();
  const [choices, setChoices] = useState<Omit<ExportFilters, "q">>({});
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 300);
  const filters: ExportFilters = { ...choices, q: q || undefined };
  const exports = useExports(filters);
  const facets = useExportFacets();
  const cancel = useCancelExport();
  const retry = useRetryExport();
  const remove = useDeleteExport();
  const link = useExportLink();
  /** Row actions on their way to the server, by export id. */
  const [pending, setPending] = useState<ReadonlyMap<string, RowAction>>(() => new Map());
  const [feedback, setFeedback] = useState<ReadonlyMap<string, RowFeedback>>(() => new Map());
  /** Running exports asked to stop: they say "running" until the worker reaches its next batch. */
  const [cancelRequested, setCancelRequested] = useState<ReadonlySet<string>>(() => new Set());
  const [announcement, setAnnouncement] = useState("");
  const tableRef = useRef<HTMLTableElement>(null);
  const filtered = Object.values(filters).some(Boolean);
  const refreshing = exports.isFetching && exports.isPlaceholderData;

  function say(job: ExportJob, next: RowFeedback | null) {
    setFeedback((map) => {
      const copy = new Map(map);
      if (next) copy.set(job.id, next);
      else copy.delete(job.id);
      return copy;
    });
  }

  function settle(job: ExportJob) {
    setPending((map) => {
      const next = new Map(map);
      next.delete(job.id);
      return next;
    });
  }

  function copyLink(job: ExportJob) {
    if (pending.has(job.id)) return;
    say(job, null);
    setPending((map) => new Map(map).set(job.id, "link"));
    link.mutate(job.id, {
      onSuccess: async ({ url, expiresAt }) => {
        let copied = true;
        try {
          await navigator.clipboard.writeText(url);
        } catch {
          copied = false;
        }
        const anyone = `Anyone with it can download the file until ${formatDateTime(expiresAt, browserTimeZone(), locale)}.`;
        say(
          job,
          copied
            ? { tone: "info", text: `Link copied to the export of “${job.reportName}”. ${anyone}` }
            : { tone: "info", text: `Copy this link to the export of “${job.reportName}”. ${anyone}`, url },
        );
      },
      onError: (error) => say(job, { tone: "error", text: `Could not make a link: ${error.message}` }),
      onSettled: () => settle(job),
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
    say(job, null);
    setPending((map) => new Map(map).set(job.id, action));
    const mutation = action === "cancel" ? cancel : action === "retry" ? retry : remove;
    mutation.mutate(job.id, {
      onSuccess: () => {
        if (action === "cancel") setCancelRequested((ids) => new Set(ids).add(job.id));
        if (action === "retry") {
          say(job, { tone: "info", text: "Started again: the new export is at the top of the history." });
        }
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
        say(job, { tone: "error", text: `Could not ${action} this export: ${error.message}` });
        void exports.refetch();
      },
      onSettled: () => settle(job),
    });
  }

  return (
    <div className="exports-page">
      <header className="page-header">
        <div className="page-heading">
          <h1 className="page-title">Exports</h1>
          <p className="page-subtitle">Files made from reports in this workspace, newest first.</p>
        </div>
      </header>
      <div className="export-filters" role="search" aria-label="Filter exports">
        <div className="filter-field filter-field-search">
          <label className="label" htmlFor={`${id}-search`}>
            Search
          </label>
          <Input
            id={`${id}-search`}
            type="search"
            placeholder="Report or person"
            value={search}
            maxLength={200}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <FilterSelect
          id={`${id}-report`}
          label="Report"
          value={choices.reportName}
          options={(facets.data?.reports ?? []).map((name) => ({ value: name, label: name }))}
          onChange={(reportName) => setChoices((f) => ({ ...f, reportName }))}
        />
        <FilterSelect
          id={`${id}-format`}
          label="Format"
          value={choices.format}
          options={FORMAT_CHOICES.map((c) => ({ value: c.format, label: c.label }))}
          onChange={(value) => setChoices((f) => ({ ...f, format: value && isFormat(value) ? value : undefined }))}
        />
        <FilterSelect
          id={`${id}-status`}
          label="Status"
          value={choices.status}
          options={EXPORT_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
          onChange={(value) => setChoices((f) => ({ ...f, status: value && isStatus(value) ? value : undefined }))}
        />
        <FilterSelect
          id={`${id}-who`}
          label="Requested by"
          value={choices.createdBy}
          options={(facets.data?.people ?? []).map((email) => ({ value: email, label: email }))}
          onChange={(createdBy) => setChoices((f) => ({ ...f, createdBy }))}
        />
      </div>

      <p className="updating" aria-live="polite">
        {refreshing ? "Updating…" : null}
      </p>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {exports.isPending ? (
        <ListSkeleton label="Loading exports…" rows={5} widths={["30%", "10%", "15%", "20%"]} />
      ) : exports.isError ? (
        <LoadErrorCard title="Could not load exports" query={exports} />
      ) : exports.data.length === 0 ? (
        <Card className="empty-card" data-testid="exports-empty">
          {filtered ? (
            <>
              <p className="empty-title">No exports match these filters.</p>
              <p className="empty-hint">Clear the search and choose “All” in each filter to see every export.</p>
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
                <Fragment key={job.id}>
                  <ExportRow
                    job={job}
                    canExport={props.canExport}
                    busy={
                      pending.get(job.id) ??
                      (cancelRequested.has(job.id) && isActiveStatus(job.status) ? "cancel" : null)
                    }
                    onAction={(action) => run(job, action)}
                  />
                  <FeedbackRow job={job} feedback={feedback.get(job.id)} onDismiss={() => say(job, null)} />
                </Fragment>
              ))}
            </tbody>
          </table>
          <footer className="exports-footer">
            <p className="muted" aria-live="polite">
              {exports.hasNextPage
                ? `Showing the newest ${formatInteger(exports.data.length, locale)} exports.`
                : `All ${formatInteger(exports.data.length, locale)} ${exports.data.length === 1 ? "export" : "exports"} shown.`}
            </p>
            {exports.hasNextPage ? (
              // Not while the list refreshes: a next page asked for then can be dropped with the refresh.
              <Button size="sm" disabled={exports.isFetching} onClick={() => void exports.fetchNextPage()}>
                {exports.isFetchingNextPage ? "Loading…" : "Show older exports"}
              </Button>
            ) : null}
          </footer>
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
  const locale = useLocale();
  const active = isActiveStatus(job.status);
  const which = (
    <span className="sr-only">
      {" "}
      the {formatLabel(job.format)} export of {job.reportName}
    </span>
  );

  return (
    <tr data-export-id={job.id}>
      <td>
        <span className="export-report-name">{job.reportName}</span>
        {job.choice ? <p className="export-row-choice">Chosen: {describeChoice(job.choice)}</p> : null}
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
      <td className="num">
        {job.status === "succeeded" || job.rowsDone > 0 ? formatInteger(job.rowsDone, locale) : "—"}
      </td>
      <td className="num">{job.byteSize !== null ? formatBytes(job.byteSize, locale) : "—"}</td>
      <td className="num">{job.durationMs !== null ? formatDuration(job.durationMs, locale) : "—"}</td>
      <td className="requested-by">
        <BreakableEmail value={job.createdBy} />
      </td>
      <td>
        <time dateTime={job.createdAt} title={formatDateTime(job.createdAt, timeZone, locale)}>
          {formatRelativeTime(job.createdAt, timeZone, locale)}
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

function FilterSelect<T extends string>(props: {
  id: string;
  label: string;
  value: T | undefined;
  options: { value: T; label: string }[];
  onChange: (value: T | undefined) => void;
}) {
  // A chosen value the menu no longer lists (its last export was deleted) stays selectable.
  const options =
    props.value && !props.options.some((o) => o.value === props.value)
      ? [...props.options, { value: props.value, label: props.value }]
      : props.options;
  return (
    <div className="filter-field">
      <label className="label" htmlFor={props.id}>
        {props.label}
      </label>
      <Select
        id={props.id}
        value={props.value ?? ""}
        onChange={(e) => props.onChange(options.find((o) => o.value === e.target.value)?.value)}
      >
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );
}

/** The outcome of an action, right under the row it was taken on. */
function FeedbackRow(props: { job: ExportJob; feedback: RowFeedback | undefined; onDismiss: () => void }) {
  const { feedback } = props;
  return (
    <tr className={feedback ? "export-feedback-row" : "export-feedback-row is-empty"} data-feedback-for={props.job.id}>
      <td colSpan={9}>
        <div
          className={feedback ? `export-feedback export-feedback-${feedback.tone}` : "export-feedback"}
          role={feedback?.tone === "error" ? "alert" : "status"}
        >
          {feedback ? (
            <>
              <p>{feedback.text}</p>
              {feedback.url ? (
                <input
                  className="input"
                  readOnly
                  value={feedback.url}
                  aria-label={`Download link of ${props.job.reportName}`}
                  onFocus={(e) => e.currentTarget.select()}
                />
              ) : null}
              <button type="button" className="link-button" onClick={props.onDismiss}>
                Dismiss
              </button>
            </>
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
