"use client";

import Link from "next/link";
import { useState } from "react";
import { useOpenAlerts } from "@/components/hooks/alert-queries";
import { useMarkNotificationsRead, useNotifications } from "@/components/hooks/notification-queries";
import { useLocale } from "@/components/ui/locale";
import { formatDateTime } from "@/lib/format/dates";

/**
 * The sidebar's alerts: the workspace's open alerts (the same query the dashboard reads)
 * and the caller's notices about failed and paused schedules, newest first.
 */
export function NotificationsMenu(props: { workspaceId: string }) {
  const alerts = useOpenAlerts(props.workspaceId);
  const { data = [] } = useNotifications();
  const markRead = useMarkNotificationsRead();
  const [open, setOpen] = useState(false);
  const locale = useLocale();
  const unread = data.filter((n) => !n.read).length;
  const total = alerts.data?.total ?? 0;

  return (
    <div className="notifications">
      <button
        type="button"
        className="nav-link notifications-toggle"
        aria-expanded={open}
        aria-controls="notifications-panel"
        onClick={() => {
          setOpen(!open);
          if (!open && unread > 0) markRead.mutate();
        }}
      >
        Alerts
        {total > 0 ? (
          <span className="notifications-count" data-testid="sidebar-open-alerts">
            {total}
            <span className="sr-only"> open</span>
          </span>
        ) : null}
        {unread > 0 ? (
          <span className="notifications-count notifications-count-notices">
            {unread}
            <span className="sr-only"> new {unread === 1 ? "notice" : "notices"}</span>
          </span>
        ) : null}
      </button>
      {open ? (
        <div id="notifications-panel" className="notifications-panel" role="region" aria-label="Alerts">
          <h3 className="notifications-heading">Open alerts</h3>
          {alerts.isError ? (
            <p className="muted">Could not load alerts: {alerts.error.message}</p>
          ) : !alerts.data ? (
            <p className="muted">Loading…</p>
          ) : total === 0 ? (
            <p className="muted">No open alerts.</p>
          ) : (
            <>
              <p className="notifications-summary">
                {alerts.data.bySeverity
                  .filter((s) => s.count > 0)
                  .map((s) => `${s.count} ${s.severity}`)
                  .join(" · ")}
              </p>
              <ul aria-label="Most recent open alerts">
                {alerts.data.recent.slice(0, 5).map((a) => (
                  <li key={a.id}>
                    <strong>{a.title}</strong>
                    <p>
                      {a.severity} · {a.source}
                    </p>
                    <time dateTime={a.triggeredAt}>
                      {formatDateTime(a.triggeredAt, Intl.DateTimeFormat().resolvedOptions().timeZone, locale)}
                    </time>
                  </li>
                ))}
              </ul>
              <Link href="/" className="notifications-more">
                All {total} on the dashboard
              </Link>
            </>
          )}
          <h3 className="notifications-heading">Schedule notices</h3>
          {data.length === 0 ? <p className="muted">No notices.</p> : null}
          <ul>
            {data.map((n) => (
              <li key={n.id} className={n.read ? undefined : "notification-unread"}>
                <strong>{n.link ? <Link href={n.link}>{n.title}</Link> : n.title}</strong>
                {n.body ? <p>{n.body}</p> : null}
                <time dateTime={n.createdAt}>
                  {formatDateTime(n.createdAt, Intl.DateTimeFormat().resolvedOptions().timeZone, locale)}
                </time>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
