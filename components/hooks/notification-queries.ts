"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "./queries";

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  createdAt: string;
}

export const notificationKeys = { all: ["notifications"] as const };

/** Polled once a minute: failures of schedules arrive from the scheduler, not from this tab. */
export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.all,
    queryFn: () => fetchJson<{ notifications: AppNotification[] }>("/api/notifications").then((r) => r.notifications),
    refetchInterval: 60_000,
  });
}

export function useMarkNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<{ marked: number }>("/api/notifications/read", { method: "POST" }),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
