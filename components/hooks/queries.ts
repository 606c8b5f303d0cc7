"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { DashboardData } from "@/lib/dashboard/types";

interface ErrorEnvelope {
  error: { code: string; message: string };
}

function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  if (typeof body !== "object" || body === null || !("error" in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    "message" in error &&
    typeof (error as { message: unknown }).message === "string"
  );
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (isErrorEnvelope(body) && body.error.message) return body.error.message;
  } catch {
    // Not JSON (proxy error page, empty body): fall through to the status text.
  }
  return response.statusText || `Request failed with status ${response.status}`;
}

/** fetch() that resolves to the parsed JSON body and throws the server's error message on non-2xx. */
export async function fetchJson<T>(input: string, init?: RequestInit): Promise<T> {
  const headers = new Headers(init?.headers);
  if (!headers.has("Accept")) headers.set("Accept", "application/json");
  if (typeof init?.body === "string" && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  const response = await fetch(input, { ...init, headers });
  if (!response.ok) throw new Error(await errorMessage(response));
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
