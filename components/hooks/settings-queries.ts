"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { WorkspaceSettings } from "@/lib/workspaces";
import { fetchJson } from "./queries";

export const settingsKeys = { all: ["settings"] as const };

/** Every request names its workspace, so a switch in another tab never redirects a change. */
const inWorkspace = (workspaceId: string) => ({ "X-Chartroom-Workspace": workspaceId });

export function useWorkspaceSettings(workspaceId: string) {
  return useQuery({
    queryKey: [...settingsKeys.all, workspaceId],
    queryFn: ({ signal }) =>
      fetchJson<{ settings: WorkspaceSettings }>("/api/settings", { signal, headers: inWorkspace(workspaceId) }),
  });
}

function useSettingsMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsKeys.all }),
  });
}

export type SettingsChange = Partial<
  Pick<WorkspaceSettings, "name" | "timezone" | "brandColor" | "locale" | "allowedEmailDomains">
>;

export function useUpdateSettings(workspaceId: string) {
  return useSettingsMutation((change: SettingsChange) =>
    fetchJson<{ settings: WorkspaceSettings }>("/api/settings", {
      method: "PATCH",
      headers: inWorkspace(workspaceId),
      body: JSON.stringify(change),
    }),
  );
}

export function useUploadLogo(workspaceId: string) {
  return useSettingsMutation((file: File) =>
    // The file goes as it is: the server judges it by its bytes, so its declared type is not sent.
    fetchJson<{ logo: { format: string; width: number; height: number } }>("/api/settings/logo", {
      method: "POST",
      headers: { ...inWorkspace(workspaceId), "Content-Type": "application/octet-stream" },
      body: file,
    }),
  );
}

export function useRemoveLogo(workspaceId: string) {
  return useSettingsMutation(() =>
    fetchJson<{ removed: boolean }>("/api/settings/logo", { method: "DELETE", headers: inWorkspace(workspaceId) }),
  );
}

export function useLeaveWorkspace(workspaceId: string) {
  return useMutation({
    mutationFn: (userId: string) =>
      fetchJson<unknown>(`/api/team/members/${encodeURIComponent(userId)}`, {
        method: "DELETE",
        headers: inWorkspace(workspaceId),
      }),
  });
}

/** `confirm` is the name as the person typed it; the API checks it against the workspace's. */
export function useDeleteWorkspace() {
  return useMutation({
    mutationFn: ({ workspaceId, confirm }: { workspaceId: string; confirm: string }) =>
      fetchJson<unknown>(`/api/workspaces/${encodeURIComponent(workspaceId)}`, {
        method: "DELETE",
        body: JSON.stringify({ confirm }),
      }),
  });
}
