"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiRequestError, fetchJson } from "./queries";

// The API's objects, shared with the server so both sides read one definition.
export {
  SCHEDULE_FORMATS,
  type DeliveryKind,
  type DeliveryMode,
  type DeliveryStatus,
  type DestinationView as Destination,
  type S3Encryption,
  type RunStatus,
  type RunTrigger,
  type ScheduleFormat,
  type RunView as ScheduleRun,
  type ScheduleView as Schedule,
} from "@/lib/schedules/types";
import type {
  DeliveryMode,
  DestinationView as Destination,
  RunStatus,
  S3Encryption,
  ScheduleFormat,
  RunView as ScheduleRun,
  ScheduleView as Schedule,
} from "@/lib/schedules/types";

/** The body of POST /api/schedules; PATCH takes any subset of it. */
export interface SchedulePayload {
  name: string;
  reportId: string;
  cron: string;
  timezone?: string;
  formats: ScheduleFormat[];
  delivery?: DeliveryMode;
  recipients: string[];
  subjectTemplate?: string;
  skipIfEmpty?: boolean;
  active?: boolean;
  destinations?: DestinationPayload[];
}

/** A destination as the form sends it: with `id` it updates a saved one, without it adds one. */
export type DestinationPayload =
  | {
      id?: string;
      kind: "s3";
      bucket: string;
      region: string;
      endpoint: string | null;
      forcePathStyle: boolean;
      keyPrefix: string;
      accessKeyId: string;
      /** Left out to keep the saved one. */
      secretAccessKey?: string;
      sse: S3Encryption;
      kmsKeyId: string | null;
      active?: boolean;
    }
  | { id?: string; kind: "webhook"; url: string; active?: boolean };

/** Signing secrets of webhooks the last save created: shown once. */
export type NewSecrets = { destinationId: string; secret: string }[];

export interface SchedulePreview {
  description: string;
  nextRuns: string[];
}

export const DEFAULT_SUBJECT_TEMPLATE = "{{report}} — {{date}}";

export function isActiveRun(status: RunStatus): boolean {
  return status === "running" || status === "retrying";
}

// ---------- Keys ----------

/** Every schedule query key starts with this, so a workspace switch can drop them all at once. */
export const SCHEDULES_KEY = "schedules";

export const scheduleKeys = {
  all: [SCHEDULES_KEY] as const,
  lists: () => [SCHEDULES_KEY, "list"] as const,
  list: (workspaceId: string) => [SCHEDULES_KEY, "list", workspaceId] as const,
  detail: (id: string) => [SCHEDULES_KEY, "detail", id] as const,
  runs: (id: string) => [SCHEDULES_KEY, "runs", id] as const,
  preview: (cron: string, timezone: string, count: number) =>
    [SCHEDULES_KEY, "preview", cron, timezone, count] as const,
};

/** How often a run history with a run still in flight is asked about again. */
export const RUN_POLL_MS = 1000;

function schedulePath(id: string, action?: "run" | "runs" | "test"): string {
  return `/api/schedules/${encodeURIComponent(id)}${action ? `/${action}` : ""}`;
}

/** Client errors (bad input, no access) will not change on a second try. */
function retryServerErrors(failureCount: number, error: Error): boolean {
  if (error instanceof ApiRequestError && error.status < 500) return false;
  return failureCount < 1;
}

// ---------- Queries ----------

/**
 * The API reads the workspace from the session; workspaceId is part of the key so a
 * workspace switch never shows the other workspace's schedules while it loads.
 */
export function useSchedules(workspaceId: string) {
  return useQuery({
    queryKey: scheduleKeys.list(workspaceId),
    queryFn: ({ signal }) => fetchJson<{ schedules: Schedule[] }>("/api/schedules", { signal }),
    select: (data) => data.schedules,
    // Runs change next-run and last-run on their own: ask again whenever the page mounts.
    staleTime: 0,
    retry: retryServerErrors,
  });
}

export function useSchedule(id: string) {
  return useQuery({
    queryKey: scheduleKeys.detail(id),
    queryFn: ({ signal }) => fetchJson<{ schedule: Schedule }>(schedulePath(id), { signal }),
    select: (data) => data.schedule,
    staleTime: 0,
    retry: retryServerErrors,
  });
}

/** A schedule's runs, newest first; polled while one of them is still running or retrying. */
export function useScheduleRuns(id: string, enabled: boolean) {
  return useQuery({
    queryKey: scheduleKeys.runs(id),
    queryFn: ({ signal }) => fetchJson<{ runs: ScheduleRun[] }>(schedulePath(id, "runs"), { signal }),
    select: (data) => data.runs,
    enabled,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.runs.some((run) => isActiveRun(run.status)) ? RUN_POLL_MS : false),
    retry: retryServerErrors,
  });
}

/** The next run times of a cron expression in a timezone. `null` asks for nothing. */
export function useSchedulePreview(input: { cron: string; timezone: string } | null, count = 5) {
  return useQuery({
    queryKey: scheduleKeys.preview(input?.cron ?? "", input?.timezone ?? "", count),
    queryFn: ({ signal }) =>
      fetchJson<SchedulePreview>("/api/schedules/preview", {
        method: "POST",
        body: JSON.stringify({ cron: input?.cron, timezone: input?.timezone, count }),
        signal,
      }),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    // The next runs move with the clock; a minute-old answer is still right for a preview.
    staleTime: 60_000,
    retry: retryServerErrors,
  });
}

// ---------- Mutations ----------

type ScheduleEnvelope = { schedule: Schedule; secrets?: NewSecrets };

/** Keeps the caches in step after a schedule changed: its detail entry, and the list. */
function useScheduleChanged() {
  const queryClient = useQueryClient();
  return (data: ScheduleEnvelope) => {
    queryClient.setQueryData(scheduleKeys.detail(data.schedule.id), data);
    return queryClient.invalidateQueries({ queryKey: scheduleKeys.lists() });
  };
}

export function useCreateSchedule() {
  const changed = useScheduleChanged();
  return useMutation({
    mutationFn: (payload: SchedulePayload) =>
      fetchJson<ScheduleEnvelope>("/api/schedules", { method: "POST", body: JSON.stringify(payload) }),
    onSuccess: changed,
  });
}

export function useUpdateSchedule() {
  const changed = useScheduleChanged();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: Partial<SchedulePayload> }) =>
      fetchJson<ScheduleEnvelope>(schedulePath(id), { method: "PATCH", body: JSON.stringify(changes) }),
    onSuccess: changed,
  });
}

export function useDeleteSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<undefined>(schedulePath(id), { method: "DELETE" }),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: scheduleKeys.detail(id) });
      queryClient.removeQueries({ queryKey: scheduleKeys.runs(id) });
      return queryClient.invalidateQueries({ queryKey: scheduleKeys.lists() });
    },
  });
}

/** Starts a manual run; the run goes to the top of the history, which then polls until it ends. */
export function useRunSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<{ run: ScheduleRun }>(schedulePath(id, "run"), { method: "POST" }),
    onSuccess: (data, id) => {
      queryClient.setQueryData<{ runs: ScheduleRun[] }>(scheduleKeys.runs(id), (previous) => ({
        runs: [data.run, ...(previous?.runs ?? []).filter((run) => run.id !== data.run.id)],
      }));
      return queryClient.invalidateQueries({ queryKey: scheduleKeys.runs(id) });
    },
  });
}

/** "Send test" to one destination of a saved schedule: "email" or a destination id. */
export function useTestDestination(scheduleId: string) {
  return useMutation({
    mutationFn: (destination: string) =>
      fetchJson<{ result: { ok: boolean; message: string } }>(schedulePath(scheduleId, "test"), {
        method: "POST",
        body: JSON.stringify({ destination }),
      }).then((data) => data.result),
  });
}

/** A new signing secret for a webhook destination; the answer is the only time it is shown. */
export function useRotateWebhookSecret(scheduleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (destinationId: string) =>
      fetchJson<{ destination: Destination; secret: string }>(
        `${schedulePath(scheduleId)}/destinations/${encodeURIComponent(destinationId)}/rotate-secret`,
        { method: "POST" },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scheduleKeys.detail(scheduleId) }),
  });
}
