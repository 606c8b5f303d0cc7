"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { EXPORT_STATUSES, type ExportFormat, type ExportJob, type ExportStatus } from "@/lib/exports/types";

export { EXPORT_STATUSES, type ExportJob, type ExportStatus };
import type { PdfTemplate } from "@/lib/pdf/templates";
import type { ExportChoice } from "@/lib/exports/choice";
import type { ReportDefinitionInput } from "@/lib/reports/definition";
import { ApiRequestError, fetchJson } from "./queries";

/** What to export: a saved report, or a definition that is not saved anywhere (the dashboard's). */
export type ExportSource = { reportId: string; name: string } | { definition: ReportDefinitionInput; name: string };

export interface ExportOptions {
  /** CSV only: start the file with a UTF-8 byte order mark so Excel reads it as UTF-8. */
  bom?: boolean;
  /** PDF only: the layout. */
  template?: PdfTemplate;
  /** Admins only: sensitive fields as stored instead of pseudonymised (audited). */
  redaction?: "raw";
}

export interface CreateExportInput {
  source: ExportSource;
  format: ExportFormat;
  options?: ExportOptions;
  /** The period and fields of this file (saved reports only); empty exports the report as saved. */
  choice?: ExportChoice;
}

export interface ExportFilters {
  status?: ExportStatus;
  format?: ExportFormat;
  reportId?: string;
  reportName?: string;
  createdBy?: string;
  /** Searches report names and requesters. */
  q?: string;
}

const FILTER_PARAMS = ["status", "format", "reportId", "reportName", "createdBy", "q"] as const;

interface ExportPage {
  exports: ExportJob[];
  nextCursor: string | null;
}

export function isActiveStatus(status: ExportStatus): boolean {
  return status === "queued" || status === "running";
}

/** How often a job that is still queued or running is asked about again. */
export const EXPORT_POLL_MS = 500;
/** How often the history refreshes while any export in it is still queued or running. */
export const EXPORT_LIST_POLL_MS = 2000;

/** Every export query key starts with this, so a workspace switch can drop them all at once. */
export const EXPORTS_KEY = "exports";

export const exportKeys = {
  all: [EXPORTS_KEY] as const,
  lists: () => [EXPORTS_KEY, "list"] as const,
  list: (filters: ExportFilters) => [EXPORTS_KEY, "list", ...FILTER_PARAMS.map((p) => filters[p] ?? "")] as const,
  facets: () => [EXPORTS_KEY, "facets"] as const,
  detail: (id: string) => [EXPORTS_KEY, "detail", id] as const,
};

type ExportEnvelope = { export: ExportJob };

function exportPath(id: string, action?: "cancel" | "retry"): string {
  return `/api/exports/${encodeURIComponent(id)}${action ? `/${action}` : ""}`;
}

/** Client errors (no access, already finished) will not change on a second try. */
function retryServerErrors(failureCount: number, error: Error): boolean {
  if (error instanceof ApiRequestError && error.status < 500) return false;
  return failureCount < 1;
}

/**
 * The export history, newest first, a page at a time (`fetchNextPage` follows the cursor);
 * refreshes every loaded page while anything in them is in flight.
 */
export function useExports(filters: ExportFilters) {
  return useInfiniteQuery({
    queryKey: exportKeys.list(filters),
    queryFn: ({ signal, pageParam }) => {
      const params = new URLSearchParams();
      for (const name of FILTER_PARAMS) {
        const value = filters[name];
        if (value) params.set(name, value);
      }
      if (pageParam) params.set("cursor", pageParam);
      const query = params.size > 0 ? `?${params.toString()}` : "";
      return fetchJson<ExportPage>(`/api/exports${query}`, { signal });
    },
    initialPageParam: "",
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    select: (data) => data.pages.flatMap((page) => page.exports),
    // Exports change on their own (a worker runs them): always ask again when the page mounts.
    staleTime: 0,
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.exports.some((job) => isActiveStatus(job.status)))
        ? EXPORT_LIST_POLL_MS
        : false,
    retry: retryServerErrors,
  });
}

/** The report names and people the history holds, for its filter menus. */
export function useExportFacets() {
  return useQuery({
    queryKey: exportKeys.facets(),
    queryFn: ({ signal }) => fetchJson<{ reports: string[]; people: string[] }>("/api/exports/facets", { signal }),
    staleTime: 30_000,
  });
}

/** One export, polled every 500 ms until it reaches a final status. `null` asks for nothing. */
export function useExport(id: string | null) {
  return useQuery({
    queryKey: exportKeys.detail(id ?? ""),
    queryFn: ({ signal }) => fetchJson<ExportEnvelope>(exportPath(id ?? ""), { signal }),
    select: (data) => data.export,
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (query) => {
      const job = query.state.data?.export;
      if (job && !isActiveStatus(job.status)) return false;
      // Gone or not ours (404, 403): asking again will not help. A network blip or a 5xx might.
      const error = query.state.error;
      if (error instanceof ApiRequestError && error.status < 500) return false;
      return EXPORT_POLL_MS;
    },
    retry: retryServerErrors,
  });
}

/** Keeps the caches in step after a job changed: its detail entry, and every history list. */
function useExportChanged() {
  const queryClient = useQueryClient();
  return (data: ExportEnvelope) => {
    queryClient.setQueryData(exportKeys.detail(data.export.id), data);
    void queryClient.invalidateQueries({ queryKey: exportKeys.facets() });
    return queryClient.invalidateQueries({ queryKey: exportKeys.lists() });
  };
}

export function useCreateExport() {
  const changed = useExportChanged();
  return useMutation({
    mutationFn: ({ source, format, options, choice }: CreateExportInput) => {
      const target =
        "reportId" in source ? { reportId: source.reportId } : { definition: source.definition, name: source.name };
      return fetchJson<ExportEnvelope>("/api/exports", {
        method: "POST",
        body: JSON.stringify({ ...target, format, ...(options ? { options } : {}), ...choice }),
      });
    },
    onSuccess: changed,
  });
}

export function useCancelExport() {
  const changed = useExportChanged();
  return useMutation({
    mutationFn: (id: string) => fetchJson<ExportEnvelope>(exportPath(id, "cancel"), { method: "POST" }),
    onSuccess: changed,
  });
}

/** Starts a new job with the original's report, format and options; resolves to the new job. */
export function useRetryExport() {
  const changed = useExportChanged();
  return useMutation({
    mutationFn: (id: string) => fetchJson<ExportEnvelope>(exportPath(id, "retry"), { method: "POST" }),
    onSuccess: changed,
  });
}

export function useDeleteExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<undefined>(exportPath(id), { method: "DELETE" }),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: exportKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: exportKeys.lists() });
    },
  });
}

/** A link to a finished export that downloads without signing in, valid for an hour. */
export function useExportLink() {
  return useMutation({
    mutationFn: (id: string) =>
      fetchJson<{ url: string; expiresAt: string }>(`/api/exports/${encodeURIComponent(id)}/link`, { method: "POST" }),
  });
}

/** Tells the history lists that a job the caller follows has changed (for example, it finished). */
export function useInvalidateExportLists() {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: exportKeys.lists() }), [queryClient]);
}
