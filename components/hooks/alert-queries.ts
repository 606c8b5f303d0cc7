"use client";

import { useQuery } from "@tanstack/react-query";
import type { OpenAlerts } from "@/lib/dashboard/types";
import { fetchJson } from "./queries";

export const alertKeys = { open: (workspaceId: string) => ["alerts", "open", workspaceId] as const };

/**
 * The workspace's open alerts: the one query the sidebar and the dashboard both read, so
 * they cannot disagree. Polled once a minute, since alerts arrive through ingestion.
 */
export function useOpenAlerts(workspaceId: string) {
  return useQuery({
    queryKey: alertKeys.open(workspaceId),
    queryFn: ({ signal }) => fetchJson<OpenAlerts>("/api/v1/alerts", { signal }),
    refetchInterval: 60_000,
  });
}
