"use client";

import Link from "next/link";
import { Fragment, useRef, useState } from "react";
import { formatRelativeTime } from "@/lib/format/dates";
import {
  useDeleteSchedule,
  useRunSchedule,
  useSchedules,
  useUpdateSchedule,
  type Schedule,
} from "@/components/hooks/schedule-queries";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ListSkeleton, LoadErrorCard } from "@/components/ui/query-state";
import { useLocale } from "@/components/ui/locale";
import { RunHistory } from "./run-history";
import { browserTimeZone, FORMAT_LABELS, runStatusBadge } from "./schedule-format";
import styles from "./schedules.module.css";
import { ZonedTime } from "./zoned-time";

type RowAction = "pause" | "resume" | "run" | "delete";

const COLUMN_COUNT = 6;

export function SchedulesPage(props: { workspaceId: string; canManage: boolean }) {
  const schedules = useSchedules(props.workspaceId);
  const update = useUpdateSchedule();
  const run = useRunSchedule();
  const remove = useDeleteSchedule();
  const [pending, setPending] = useState<ReadonlyMap<string, RowAction>>(() => new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [actionError, setActionError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const tableRef = useRef<HTMLTableElement>(null);

  function toggleHistory(id: string, open?: boolean) {
    setExpanded((ids) => {
      const next = new Set(ids);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function act(schedule: Schedule, action: RowAction) {
    if (pending.has(schedule.id)) return;
    if (
      action === "delete" &&
      !window.confirm(
        `Delete the schedule “${schedule.name}”? Its run history goes too; files already sent stay with their recipients.`,
      )
    ) {
      return;
    }
    setActionError(null);
    setPending((map) => new Map(map).set(schedule.id, action));
    const done = {
      onSuccess: () => {
        setAnnouncement(
          action === "pause"
            ? `Paused “${schedule.name}”.`
            : action === "resume"
              ? `Resumed “${schedule.name}”.`
              : action === "run"
                ? `Started a run of “${schedule.name}”.`
                : `Deleted “${schedule.name}”.`,
        );
        // The row and its buttons are gone: keep focus on the table rather than the page.
        if (action === "delete") tableRef.current?.focus();
      },
      onError: (error: Error) => {
        const verb = action === "run" ? "run" : action;
        setActionError(`Could not ${verb} “${schedule.name}”: ${error.message}`);
        void schedules.refetch();
      },
      onSettled: () =>
        setPending((map) => {
          const next = new Map(map);
          next.delete(schedule.id);
          return next;
        }),
    };
    if (action === "pause" || action === "resume") {
      update.mutate({ id: schedule.id, changes: { active: action === "resume" } }, done);
    } else if (action === "run") {
      // Show the history so the person who clicked sees the run start and end.
      toggleHistory(schedule.id, true);
      run.mutate(schedule.id, done);
    } else {
      remove.mutate(schedule.id, done);
    }
  }

  return (
    <div>
      <header className="page-header">
        <div className="page-heading">
          <h1 className="page-title">Schedules</h1>
          <p className="page-subtitle">
            Reports that run by themselves and deliver their files by e-mail, to an S3 bucket or to a webhook.
          </p>
        </div>
        <div className="page-actions">
          <Link className={buttonClassName("secondary")} href="/outbox">
            Outbox
          </Link>
          {props.canManage ? (
            <Link className={buttonClassName("primary")} href="/schedules/new">
              New schedule
            </Link>
          ) : null}
        </div>
      </header>

      <p className="sr-only" role="status">
        {announcement}
      </p>
      {actionError ? (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      ) : null}

      {schedules.isPending ? (
        <ListSkeleton label="Loading schedules…" rows={4} widths={["30%", "15%", "25%", "10%"]} />
      ) : schedules.isError ? (
        <LoadErrorCard title="Could not load schedules" query={schedules} />
      ) : schedules.data.length === 0 ? (
        <Card className="empty-card" data-testid="schedules-empty">
          <p className="empty-title">No schedules yet.</p>
          <p className="empty-hint">
            {props.canManage
              ? "Create one with New schedule: pick a report, when it runs, its formats and where the files go: e-mail, a bucket or a webhook."
              : "Schedules that admins of this workspace set up will appear here."}
          </p>
        </Card>
      ) : (
        <Card className="report-list-card">
          <table className="data-table report-table" ref={tableRef} tabIndex={-1}>
            <caption className="sr-only">Schedules</caption>
            <thead>
              <tr>
                <th scope="col">Schedule</th>
                <th scope="col">Delivery</th>
                <th scope="col">Next run</th>
                <th scope="col">Last run</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {schedules.data.map((schedule) => {
                const open = expanded.has(schedule.id);
                return (
                  <Fragment key={schedule.id}>
                    <ScheduleRow
                      schedule={schedule}
                      canManage={props.canManage}
                      busy={pending.get(schedule.id) ?? null}
                      historyOpen={open}
                      onToggleHistory={() => toggleHistory(schedule.id)}
                      onAction={(action) => act(schedule, action)}
                    />
                    {open ? (
                      <tr className={styles.expanded} id={`history-${schedule.id}`}>
                        <td colSpan={COLUMN_COUNT} className={styles.historyCell}>
                          <h3 className={styles.historyTitle}>Run history</h3>
                          <RunHistory
                            scheduleId={schedule.id}
                            scheduleName={schedule.name}
                            timezone={schedule.timezone}
                          />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}

function ScheduleRow(props: {
  schedule: Schedule;
  canManage: boolean;
  busy: RowAction | null;
  historyOpen: boolean;
  onToggleHistory: () => void;
  onAction: (action: RowAction) => void;
}) {
  const { schedule, busy } = props;
  const locale = useLocale();
  const which = <span className="sr-only"> {schedule.name}</span>;
  const last = schedule.lastRunStatus ? runStatusBadge(schedule.lastRunStatus) : null;
  const recipients = schedule.recipients.length;

  return (
    <tr data-testid="schedule-row" aria-label={schedule.name}>
      <td>
        <div className={styles.nameCell}>
          {props.canManage ? (
            <Link
              className={`report-link ${styles.scheduleName}`}
              href={`/schedules/${encodeURIComponent(schedule.id)}`}
            >
              {schedule.name}
            </Link>
          ) : (
            <span className={styles.scheduleName}>{schedule.name}</span>
          )}
          <span className="muted">{schedule.reportName}</span>
          <span className={styles.scheduleDescription}>{schedule.description}</span>
        </div>
      </td>
      <td className={styles.formatsCell}>
        {schedule.formats.map((f) => FORMAT_LABELS[f] ?? f.toUpperCase()).join(", ")}
        <p className="muted">{schedule.delivery === "link" ? "as links" : "attached"}</p>
        <p className="muted" title={schedule.recipients.join(", ")}>
          {recipients} {recipients === 1 ? "recipient" : "recipients"}
        </p>
        {schedule.destinations.length > 0 ? (
          <p className="muted">
            {schedule.destinations
              .map((d) => `${d.kind === "s3" ? "bucket" : "webhook"}${d.active ? "" : " (paused)"}`)
              .join(", ")}
          </p>
        ) : null}
      </td>
      <td>
        {schedule.nextRunAt && schedule.active ? (
          <ZonedTime iso={schedule.nextRunAt} timeZone={schedule.timezone} />
        ) : (
          <span className="muted">{schedule.active ? "—" : "Paused"}</span>
        )}
      </td>
      <td>
        {last ? (
          <div className={styles.stateCell}>
            <Badge tone={last.tone}>{last.label}</Badge>
            {schedule.lastRunAt ? (
              <time className="muted" dateTime={schedule.lastRunAt}>
                {formatRelativeTime(schedule.lastRunAt, browserTimeZone(), locale)}
              </time>
            ) : null}
          </div>
        ) : (
          <span className="muted">Never</span>
        )}
      </td>
      <td>
        <div className={styles.stateCell}>
          {schedule.active ? <Badge tone="success">Active</Badge> : <Badge tone="warning">Paused</Badge>}
          {!schedule.active && schedule.pausedReason ? (
            <span className={styles.pausedReason}>{schedule.pausedReason}</span>
          ) : null}
          {schedule.active && schedule.consecutiveFailures > 0 ? (
            <span className={styles.pausedReason}>
              {schedule.consecutiveFailures} failed {schedule.consecutiveFailures === 1 ? "run" : "runs"} in a row
            </span>
          ) : null}
        </div>
      </td>
      <td>
        <div className={styles.actions}>
          <Button
            size="sm"
            variant="ghost"
            onClick={props.onToggleHistory}
            aria-expanded={props.historyOpen}
            aria-controls={props.historyOpen ? `history-${schedule.id}` : undefined}
          >
            {props.historyOpen ? "Hide history" : "History"}
            {which}
          </Button>
          {props.canManage ? (
            <>
              <Button size="sm" onClick={() => props.onAction("run")} aria-disabled={busy !== null}>
                {busy === "run" ? "Starting…" : "Run now"}
                {which}
              </Button>
              <Button
                size="sm"
                onClick={() => props.onAction(schedule.active ? "pause" : "resume")}
                aria-disabled={busy !== null}
              >
                {busy === "pause" ? "Pausing…" : busy === "resume" ? "Resuming…" : schedule.active ? "Pause" : "Resume"}
                {which}
              </Button>
              <Link
                className={buttonClassName("secondary", "sm")}
                href={`/schedules/${encodeURIComponent(schedule.id)}`}
              >
                Edit{which}
              </Link>
              <Button size="sm" variant="ghost" onClick={() => props.onAction("delete")} aria-disabled={busy !== null}>
                {busy === "delete" ? "Deleting…" : "Delete"}
                {which}
              </Button>
            </>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
