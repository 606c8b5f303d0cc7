"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiKeyRole, ApiKeySummary } from "@/lib/api-keys/schemas";
import { fetchJson } from "./queries";

export const apiKeyKeys = { all: ["api-keys"] as const };

export function useApiKeys(workspaceId: string) {
  return useQuery({
    queryKey: [...apiKeyKeys.all, workspaceId],
    queryFn: ({ signal }) => fetchJson<{ apiKeys: ApiKeySummary[] }>("/api/api-keys", { signal }),
    select: (data) => data.apiKeys,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: ApiKeyRole }) =>
      fetchJson<{ apiKey: ApiKeySummary; secret: string }>("/api/api-keys", {
        method: "POST",
        body: JSON.stringify(input),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      fetchJson<{ apiKey: ApiKeySummary }>(`/api/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}
