"use client";

import { useQuery } from "@tanstack/react-query";
import { ApiRequestError, fetchJson } from "./queries";

export interface OutboxAttachment {
  index: number;
  filename: string;
  contentType: string;
  size: number;
}

export interface OutboxEmailSummary {
  id: string;
  to: string;
  subject: string;
  createdAt: string;
  attachments: OutboxAttachment[];
}

export interface OutboxEmail extends OutboxEmailSummary {
  from: string;
  html: string;
  text: string;
}

/** Every outbox query key starts with this, so a workspace switch can drop them all at once. */
export const OUTBOX_KEY = "outbox";

export const outboxKeys = {
  all: [OUTBOX_KEY] as const,
  list: (workspaceId: string) => [OUTBOX_KEY, "list", workspaceId] as const,
  detail: (id: string) => [OUTBOX_KEY, "detail", id] as const,
};

/** How often the outbox list asks for new mail while the page is open. */
export const OUTBOX_POLL_MS = 5000;

export function outboxAttachmentUrl(emailId: string, index: number): string {
  return `/api/outbox/${encodeURIComponent(emailId)}/attachments/${index}`;
}

function retryServerErrors(failureCount: number, error: Error): boolean {
  if (error instanceof ApiRequestError && error.status < 500) return false;
  return failureCount < 1;
}

/** Keyed by workspace so a switch never shows the other workspace's mail while it loads. */
export function useOutbox(workspaceId: string) {
  return useQuery({
    queryKey: outboxKeys.list(workspaceId),
    queryFn: ({ signal }) => fetchJson<{ emails: OutboxEmailSummary[] }>("/api/outbox", { signal }),
    select: (data) => data.emails,
    staleTime: 0,
    // Scheduled runs send mail on their own; keep the list current while someone watches it.
    refetchInterval: OUTBOX_POLL_MS,
    retry: retryServerErrors,
  });
}

/** One e-mail with its body. Kept e-mails never change, so it is fetched once. `null` asks for nothing. */
export function useOutboxEmail(id: string | null) {
  return useQuery({
    queryKey: outboxKeys.detail(id ?? ""),
    queryFn: ({ signal }) =>
      fetchJson<{ email: OutboxEmail }>(`/api/outbox/${encodeURIComponent(id ?? "")}`, { signal }),
    select: (data) => data.email,
    enabled: id !== null,
    staleTime: Number.POSITIVE_INFINITY,
    retry: retryServerErrors,
  });
}
