import { fetchJson } from "@/components/hooks/queries";

/** Makes the workspace just joined the current one and opens it (a full load, so the layout sees it). */
export async function enterWorkspace(workspaceId: string) {
  await fetchJson<unknown>("/api/workspaces/current", { method: "POST", body: JSON.stringify({ workspaceId }) });
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load on purpose: the server layout reads the new workspace
  window.location.assign("/");
}
