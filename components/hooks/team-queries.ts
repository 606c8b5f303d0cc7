"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/lib/roles";
import type { InviteSummary, Member, Team } from "@/lib/team/schemas";
import { fetchJson } from "./queries";

export const teamKeys = { all: ["team"] as const };

export function useTeam(workspaceId: string) {
  return useQuery({
    queryKey: [...teamKeys.all, workspaceId],
    queryFn: ({ signal }) => fetchJson<Team>("/api/team", { signal }),
  });
}

function useTeamMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => queryClient.invalidateQueries({ queryKey: teamKeys.all }) });
}

const memberPath = (userId: string) => `/api/team/members/${encodeURIComponent(userId)}`;

export function useChangeRole() {
  return useTeamMutation((input: { userId: string; role: Role }) =>
    fetchJson<{ member: Member }>(memberPath(input.userId), {
      method: "PATCH",
      body: JSON.stringify({ role: input.role }),
    }),
  );
}

export function useRemoveMember() {
  return useTeamMutation((userId: string) => fetchJson<unknown>(memberPath(userId), { method: "DELETE" }));
}

export function useInvite() {
  return useTeamMutation((input: { email: string; role: InviteSummary["role"] }) =>
    fetchJson<{ invite: InviteSummary }>("/api/team/invites", { method: "POST", body: JSON.stringify(input) }),
  );
}

export function useRevokeInvite() {
  return useTeamMutation((id: string) =>
    fetchJson<unknown>(`/api/team/invites/${encodeURIComponent(id)}`, { method: "DELETE" }),
  );
}

/** A fresh link for a pending invite; the link e-mailed before stops working. */
export function useInviteLink() {
  return useTeamMutation((id: string) =>
    fetchJson<{ invite: InviteSummary; url: string }>(`/api/team/invites/${encodeURIComponent(id)}/link`, {
      method: "POST",
    }),
  );
}

export function useRotateJoinCode() {
  return useTeamMutation(() => fetchJson<{ joinCode: string }>("/api/team/join-code", { method: "POST" }));
}
