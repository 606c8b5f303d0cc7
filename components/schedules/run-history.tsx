"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { formatDuration } from "@/lib/format/durations";
import { formatInteger } from "@/lib/format/numbers";
import { formatBytes } from "@/components/exports/export-labels";
import { isActiveRun, scheduleKeys, useScheduleRuns, type ScheduleRun } from "@/components/hooks/schedule-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useLocale } from "@/components/ui/locale";
import {
  browserTimeZone,
  DELIVERY_KIND_LABELS,
  DELIVERY_STATUS_LABELS,
  DELIVERY_STATUS_TONES,
  FORMAT_LABELS,
  formatInstantWithZone,
  runStatusBadge,
  TRIGGER_LABELS,
} from "./schedule-format";
import styles from "./schedules.module.css";

/** The runs of one schedule, newest first: what ran, what it made, and who got it. */
export function RunHistory(props: { scheduleId: string; scheduleName: string; timezone: string }) {
  const runs = useScheduleRuns(props.scheduleId, true);
  const queryClient = useQueryClient();
  const hadActive = useRef(false);
  const anyActive = runs.data?.some((run) => isActiveRun(run.status)) ?? false;

  // A run just ended: the list's last-run status and next run are out of date.
  useEffect(() => {
    if (hadActive.current && !anyActive) void queryClient.invalidateQueries({ queryKey: scheduleKeys.lists() });
    hadActive.current = anyActive;
  }, [anyActive, queryClient]);

  if (runs.isPending) {
    return (
      <div aria-busy="true">
        <span className="sr-only" role="status">
          Loading runs…
        </span>
        <Skeleton height={16} width="60%" />
      </div>
    );
  }
  if (runs.isError) {
    return (
      <div className="form-error" role="alert">
        <p>Could not load the runs: {runs.error.message}</p>
        <Button size="sm" onClick={() => void runs.refetch()} disabled={runs.isFetching}>
          {runs.isFetching ? "Retrying…" : "Try again"}
        </Button>
      </div>
    );
  }
  if (runs.data.length === 0) return <p className="muted">No runs yet.</p>;

  return (
    <div className="table-scroll">
      <table className={`data-table ${styles.historyTable}`}>
        <caption className="sr-only">Runs of {props.scheduleName}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Trigger</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col">Files</th>
            <th scope="col">Deliveries</th>
          </tr>
        </thead>
        <tbody>
          {runs.data.map((run) => (
            <RunRow key={run.id} run={run} timezone={props.timezone} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunRow(props: { run: ScheduleRun; timezone: string }) {
  const { run } = props;
  const status = runStatusBadge(run.status);
  const local = browserTimeZone();
  const locale = useLocale();
  return (
    <tr data-testid="schedule-run">
      <td>
        <time
          dateTime={run.scheduledFor}
          title={`${formatInstantWithZone(run.scheduledFor, props.timezone, locale)} (${props.timezone})`}
        >
          {formatInstantWithZone(run.scheduledFor, local, locale)}
        </time>
        {run.finishedAt === null ? null : (
          <p className="muted">
            took {formatDuration(new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime(), locale)}
          </p>
        )}
      </td>
      <td>
        <div className={styles.statusCell}>
          {TRIGGER_LABELS[run.trigger]}
          {run.late ? (
            <Badge tone="warning" title="Ran later than planned, after the app was down or busy">
              Late
            </Badge>
          ) : null}
        </div>
      </td>
      <td>
        <div className={styles.statusCell}>
          <Badge tone={status.tone}>{status.label}</Badge>
          {run.attempts > 1 ? <span className="muted">{run.attempts} attempts</span> : null}
        </div>
        {run.errorMessage ? <p className={styles.runError}>{run.errorMessage}</p> : null}
      </td>
      <td className="num">{run.rowCount === null ? "—" : formatInteger(run.rowCount, locale)}</td>
      <td>
        {run.exports.length === 0 ? (
          "—"
        ) : (
          <ul className={styles.cellList}>
            {run.exports.map((file) => (
              <li key={file.id} className={styles.cellListItem}>
                {file.status === "succeeded" ? (
                  <a href={`/api/exports/${encodeURIComponent(file.id)}/download`} download>
                    {FORMAT_LABELS[file.format] ?? file.format.toUpperCase()}
                    <span className="sr-only"> file of this run</span>
                  </a>
                ) : (
                  <span>{FORMAT_LABELS[file.format] ?? file.format.toUpperCase()}</span>
                )}
                {file.byteSize !== null ? <span className="muted">{formatBytes(file.byteSize, locale)}</span> : null}
                {file.status !== "succeeded" ? <span className="muted">{file.status}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        {run.deliveries.length === 0 ? (
          "—"
        ) : (
          <ul className={styles.cellList}>
            {run.deliveries.map((delivery) => (
              <li key={delivery.id} className={styles.cellListItem} data-testid="delivery" data-kind={delivery.kind}>
                <span className="muted">{DELIVERY_KIND_LABELS[delivery.kind]}</span>
                <span>{delivery.recipient}</span>
                <Badge tone={DELIVERY_STATUS_TONES[delivery.status]}>{DELIVERY_STATUS_LABELS[delivery.status]}</Badge>
                {delivery.attempts > 1 || delivery.status === "failed" ? (
                  <span className="muted">
                    {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
                  </span>
                ) : null}
                {delivery.lastError ? <span className={styles.deliveryError}>{delivery.lastError}</span> : null}
                {delivery.detail && delivery.status === "sent" && delivery.kind !== "email" ? (
                  <span className={styles.deliveryDetail} data-testid="delivery-detail">
                    {delivery.detail}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
