"use client";

import Link from "next/link";
import { useState } from "react";
import { useMarkNotificationsRead, useNotifications } from "@/components/hooks/notification-queries";
import { useLocale } from "@/components/ui/locale";
import { formatDateTime } from "@/lib/format/dates";

/** The sidebar's alerts: failed and paused schedules, newest first. */
export function NotificationsMenu() {
  const { data = [] } = useNotifications();
  const markRead = useMarkNotificationsRead();
  const [open, setOpen] = useState(false);
  const locale = useLocale();
  const unread = data.filter((n) => !n.read).length;

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
        Alerts{unread > 0 ? <span className="notifications-count">{unread}</span> : null}
      </button>
      {open ? (
        <div id="notifications-panel" className="notifications-panel" role="region" aria-label="Alerts">
          {data.length === 0 ? <p className="muted">No alerts.</p> : null}
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
