"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CatalogDataset } from "@/lib/reports/catalog";
import type { ReportDefinitionInput } from "@/lib/reports/definition";
import type { ChartSeriesResult, PreviewResult, ReportDetail, ReportSummary } from "@/lib/reports/types";
import { ApiRequestError, fetchJson } from "./queries";

export const PREVIEW_PAGE_SIZE = 50;

/** Every report query key starts with this, so a workspace switch can drop them all at once. */
export const REPORTS_KEY = "reports";

export const reportKeys = {
  all: [REPORTS_KEY] as const,
  datasets: () => [REPORTS_KEY, "datasets"] as const,
  lists: () => [REPORTS_KEY, "list"] as const,
  list: (q: string) => [REPORTS_KEY, "list", q] as const,
  detail: (id: string) => [REPORTS_KEY, "detail", id] as const,
  series: (workspaceId: string, definitionJson: string) =>
    [REPORTS_KEY, "series", workspaceId, definitionJson] as const,
  preview: (workspaceId: string, definitionJson: string, page: number) =>
    [REPORTS_KEY, "preview", workspaceId, definitionJson, page] as const,
};

/** Client errors (bad definition, no access) will not change on a second try. */
function retryServerErrors(failureCount: number, error: Error): boolean {
  if (error instanceof ApiRequestError && error.status < 500) return false;
  return failureCount < 1;
}

export function useDatasets() {
  return useQuery({
    queryKey: reportKeys.datasets(),
    queryFn: ({ signal }) => fetchJson<{ datasets: CatalogDataset[] }>("/api/datasets", { signal }),
    select: (data) => data.datasets,
    staleTime: Number.POSITIVE_INFINITY,
    retry: retryServerErrors,
  });
}

export function useReports(q: string) {
  return useQuery({
    queryKey: reportKeys.list(q),
    queryFn: ({ signal }) => {
      const query = q ? `?${new URLSearchParams({ q }).toString()}` : "";
      return fetchJson<{ reports: ReportSummary[] }>(`/api/reports${query}`, { signal });
    },
    select: (data) => data.reports,
    placeholderData: keepPreviousData,
    retry: retryServerErrors,
  });
}

/**
 * Live preview of a definition. `definitionJson` is the serialized definition (a stable key);
 * `null` means the definition is known to be incomplete and must not be sent.
 */
export function usePreview(workspaceId: string, definitionJson: string | null, page: number, reportId?: string) {
  // A saved report's id goes along with its edited draft: filters it already has stay allowed.
  const saved = reportId ? `,"reportId":${JSON.stringify(reportId)}` : "";
  return useQuery({
    queryKey: reportKeys.preview(workspaceId, definitionJson ?? "", page),
    queryFn: ({ signal }) =>
      fetchJson<PreviewResult>("/api/reports/preview", {
        method: "POST",
        body: `{"definition":${definitionJson},"page":${page},"pageSize":${PREVIEW_PAGE_SIZE}${saved}}`,
        signal,
      }),
    enabled: definitionJson !== null,
    placeholderData: keepPreviousData,
    retry: retryServerErrors,
  });
}

/** The report's chart over its whole result, whichever preview page is shown. */
export function useChartSeries(
  workspaceId: string,
  definitionJson: string | null,
  enabled: boolean,
  reportId?: string,
) {
  const saved = reportId ? `,"reportId":${JSON.stringify(reportId)}` : "";
  return useQuery({
    queryKey: reportKeys.series(workspaceId, definitionJson ?? ""),
    queryFn: ({ signal }) =>
      fetchJson<ChartSeriesResult>("/api/reports/series", {
        method: "POST",
        body: `{"definition":${definitionJson}${saved}}`,
        signal,
      }),
    enabled: enabled && definitionJson !== null,
    placeholderData: keepPreviousData,
    retry: retryServerErrors,
  });
}

export interface ReportPayload {
  name: string;
  description: string;
  definition: ReportDefinitionInput;
}

function useInvalidateLists() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: reportKeys.lists() });
}

export function useCreateReport() {
  const invalidateLists = useInvalidateLists();
  return useMutation({
    mutationFn: (payload: ReportPayload) =>
      fetchJson<{ report: ReportDetail }>("/api/reports", { method: "POST", body: JSON.stringify(payload) }),
    onSuccess: () => invalidateLists(),
  });
}

export function useUpdateReport(id: string) {
  const queryClient = useQueryClient();
  const invalidateLists = useInvalidateLists();
  return useMutation({
    mutationFn: (payload: Partial<ReportPayload>) =>
      fetchJson<{ report: ReportDetail }>(`/api/reports/${encodeURIComponent(id)}`, {
        method: "PATCH",
        body: JSON.stringify(payload),
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(reportKeys.detail(id), data);
      return invalidateLists();
    },
  });
}

export function useDuplicateReport(id: string) {
  const invalidateLists = useInvalidateLists();
  return useMutation({
    mutationFn: () =>
      fetchJson<{ report: ReportDetail }>(`/api/reports/${encodeURIComponent(id)}/duplicate`, { method: "POST" }),
    onSuccess: () => invalidateLists(),
  });
}

export function useDeleteReport(id: string) {
  const queryClient = useQueryClient();
  const invalidateLists = useInvalidateLists();
  return useMutation({
    mutationFn: () => fetchJson<undefined>(`/api/reports/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: reportKeys.detail(id) });
      return invalidateLists();
    },
  });
}
