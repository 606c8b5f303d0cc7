"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ApiRequestError, fetchJson } from "./queries";

export interface FieldValues {
  values: string[];
  more: boolean;
}

/** How many suggestions one request asks for. */
const SUGGESTIONS = 20;

/**
 * Distinct values of a text field in the workspace, searched by `q`. Keyed by workspace:
 * a switch must never suggest the other workspace's values. `enabled` is false until the
 * list is opened, so the builder asks nothing for filters nobody looks at.
 */
export function useFieldValues(workspaceId: string, dataset: string, field: string, q: string, enabled: boolean) {
  return useQuery({
    queryKey: ["field-values", workspaceId, dataset, field, q] as const,
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ limit: String(SUGGESTIONS) });
      if (q) params.set("q", q);
      const path = `/api/datasets/${encodeURIComponent(dataset)}/fields/${encodeURIComponent(field)}/values`;
      return fetchJson<FieldValues>(`${path}?${params.toString()}`, { signal });
    },
    enabled,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
    // A refusal (a personal field, a field without values) will not change on a second try.
    retry: (count, error) => !(error instanceof ApiRequestError && error.status < 500) && count < 1,
  });
}
