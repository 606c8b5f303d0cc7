"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { DashboardData } from "@/lib/dashboard/types";

export interface ApiIssue {
  path: string;
  message: string;
}

/** A non-2xx answer from the API, with the error envelope's details kept for the UI. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly param?: string;
  readonly issues: ApiIssue[];

  constructor(status: number, message: string, details: { code?: string; param?: string; issues?: ApiIssue[] } = {}) {
    super(message);
    this.name = "ApiRequestError";
    this.status = status;
    this.code = details.code ?? "http_error";
    this.param = details.param;
    this.issues = details.issues ?? [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isIssue(value: unknown): value is ApiIssue {
  return isRecord(value) && typeof value.path === "string" && typeof value.message === "string";
}

async function toRequestError(response: Response): Promise<ApiRequestError> {
  const fallback = response.statusText || `Request failed with status ${response.status}`;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // Not JSON (proxy error page, empty body): fall through to the status text.
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (!error) return new ApiRequestError(response.status, fallback);
  return new ApiRequestError(
    response.status,
    typeof error.message === "string" && error.message ? error.message : fallback,
    {
      code: typeof error.code === "string" ? error.code : undefined,
      param: typeof error.param === "string" ? error.param : undefined,
      issues: Array.isArray(error.issues) ? error.issues.filter(isIssue) : undefined,
    },
  );
}

/**
 * fetch() that resolves to the parsed JSON body and, on non-2xx, throws an ApiRequestError
 * carrying the server's message, code, param and issues.
 */
export async function fetchJson<T>(input: string, init?: RequestInit): Promise<T> {
  const headers = new Headers(init?.headers);
  if (!headers.has("Accept")) headers.set("Accept", "application/json");
  if (typeof init?.body === "string" && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  const response = await fetch(input, { ...init, headers });
  if (!response.ok) throw await toRequestError(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * The API resolves the workspace from the session; workspaceId is part of the key so a
 * workspace switch gets its own cache entry and never shows the other workspace's numbers.
 */
export function useDashboard(workspaceId: string, from: string, to: string) {
  return useQuery({
    queryKey: ["dashboard", workspaceId, from, to] as const,
    queryFn: ({ signal }) =>
      fetchJson<DashboardData>(`/api/dashboard?${new URLSearchParams({ from, to }).toString()}`, { signal }),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === workspaceId ? keepPreviousData(previous) : undefined,
  });
}
