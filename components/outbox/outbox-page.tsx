"use client";

import { useState } from "react";
import { formatDateTime, formatRelativeTime } from "@/lib/format/dates";
import { formatBytes } from "@/components/exports/export-labels";
import {
  outboxAttachmentUrl,
  useOutbox,
  useOutboxEmail,
  type OutboxAttachment,
  type OutboxEmailSummary,
} from "@/components/hooks/outbox-queries";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Skeleton } from "@/components/ui/skeleton";
import { ListSkeleton, LoadErrorCard } from "@/components/ui/query-state";
import styles from "./outbox.module.css";
import { useLocale } from "@/components/ui/locale";

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The e-mails the built-in transport kept instead of sending: what scheduled reports
 * would have delivered, for checking them without a real mailbox.
 */
export function OutboxPage(props: { workspaceId: string }) {
  const emails = useOutbox(props.workspaceId);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // Nothing chosen yet: show the newest, which is usually the one someone came to look at.
  const shownId = selectedId ?? emails.data?.[0]?.id ?? null;

  return (
    <div>
      <header className="page-header">
        <div className="page-heading">
          <h1 className="page-title">Outbox</h1>
          <p className="page-subtitle">
            E-mails kept by the built-in mail transport, newest first. Nothing here left the app. Links that work
            without signing in (invites, downloads) are not kept: use “Copy invite link” on the Team page instead.
          </p>
        </div>
        <div className="page-actions">
          <Button onClick={() => void emails.refetch()} aria-disabled={emails.isFetching}>
            {emails.isFetching && !emails.isPending ? "Refreshing…" : "Refresh"}
          </Button>
        </div>
      </header>

      {emails.isPending ? (
        <ListSkeleton label="Loading the outbox…" rows={4} widths={["25%", "40%", "15%"]} />
      ) : emails.isError ? (
        <LoadErrorCard title="Could not load the outbox" query={emails} />
      ) : emails.data.length === 0 ? (
        <Card className="empty-card" data-testid="outbox-empty">
          <p className="empty-title">The outbox is empty.</p>
          <p className="empty-hint">
            E-mails from scheduled reports appear here when the built-in transport sends them.
          </p>
        </Card>
      ) : (
        <div className={styles.layout}>
          <Card className={cx("report-list-card", styles.listCard)}>
            <ul className={styles.list} aria-label="E-mails">
              {emails.data.map((email) => (
                <EmailListItem
                  key={email.id}
                  email={email}
                  selected={email.id === shownId}
                  onSelect={() => setSelectedId(email.id)}
                />
              ))}
            </ul>
          </Card>
          {shownId ? <EmailView id={shownId} /> : null}
        </div>
      )}
    </div>
  );
}

function EmailListItem(props: { email: OutboxEmailSummary; selected: boolean; onSelect: () => void }) {
  const locale = useLocale();
  const { email } = props;
  const timeZone = browserTimeZone();
  return (
    <li>
      <button
        type="button"
        className={cx(styles.item, props.selected && styles.itemSelected)}
        aria-current={props.selected ? "true" : undefined}
        onClick={props.onSelect}
      >
        <span className={styles.itemTop}>
          <span className={styles.itemTo}>{email.to}</span>
          <time className="muted" dateTime={email.createdAt} title={formatDateTime(email.createdAt, timeZone, locale)}>
            {formatRelativeTime(email.createdAt, timeZone, locale)}
          </time>
        </span>
        <span className={styles.itemSubject}>{email.subject}</span>
        {email.attachments.length > 0 ? (
          <span className={styles.itemAttachments}>
            <span className="sr-only">Attachments: </span>
            {email.attachments.map((a) => a.filename).join(", ")}
          </span>
        ) : null}
      </button>
    </li>
  );
}

function EmailView(props: { id: string }) {
  const locale = useLocale();
  const email = useOutboxEmail(props.id);
  const timeZone = browserTimeZone();

  if (email.isPending) {
    return (
      <Card aria-busy="true" className={styles.viewCard}>
        <span className="sr-only" role="status">
          Loading the e-mail…
        </span>
        <Skeleton width="60%" height={20} />
        <Skeleton width="40%" height={14} />
        <Skeleton height={240} />
      </Card>
    );
  }
  if (email.isError) {
    return (
      <Card className="error-card" role="alert">
        <h2 className="card-title">Could not load the e-mail</h2>
        <p className="error-message">{email.error.message}</p>
        <Button onClick={() => void email.refetch()} disabled={email.isFetching}>
          {email.isFetching ? "Retrying…" : "Try again"}
        </Button>
      </Card>
    );
  }

  const message = email.data;
  return (
    <Card className={styles.viewCard} aria-labelledby={`email-${message.id}-subject`}>
      <header className={styles.viewHeader}>
        <h2 id={`email-${message.id}-subject`} className={styles.subject}>
          {message.subject}
        </h2>
        <dl className={styles.meta}>
          <dt>From</dt>
          <dd>{message.from}</dd>
          <dt>To</dt>
          <dd>{message.to}</dd>
          <dt>Date</dt>
          <dd>
            <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, timeZone, locale)}</time>
          </dd>
        </dl>
      </header>
      {message.attachments.length > 0 ? (
        <section aria-label="Attachments" className={styles.attachments}>
          <h3 className={styles.attachmentsTitle}>Attachments</h3>
          <ul className={styles.attachmentList}>
            {message.attachments.map((attachment) => (
              <AttachmentLink key={attachment.index} emailId={message.id} attachment={attachment} />
            ))}
          </ul>
        </section>
      ) : null}
      {message.html ? (
        // sandbox="" : no scripts, no forms, no same-origin access; the mail is shown, never run.
        <iframe className={styles.frame} title={`E-mail: ${message.subject}`} sandbox="" srcDoc={message.html} />
      ) : (
        <pre className={styles.text}>{message.text}</pre>
      )}
    </Card>
  );
}

function AttachmentLink(props: { emailId: string; attachment: OutboxAttachment }) {
  const { attachment } = props;
  const locale = useLocale();
  return (
    <li className={styles.attachment}>
      <a href={outboxAttachmentUrl(props.emailId, attachment.index)} download={attachment.filename}>
        {attachment.filename}
      </a>
      <span className="muted">
        {attachment.contentType} · {formatBytes(attachment.size, locale)}
      </span>
    </li>
  );
}
