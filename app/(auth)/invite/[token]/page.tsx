import type { Metadata } from "next";
import type { ComponentProps } from "react";
import { AcceptInvite } from "@/components/team/accept-invite";
import { ApiError } from "@/lib/api/errors";
import { currentUser } from "@/lib/auth/session";
import { findInvite } from "@/lib/team/team";

export const metadata: Metadata = { title: "Invite" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await currentUser();
  let invite: ComponentProps<typeof AcceptInvite>["invite"] = null;
  let problem: string | null = null;
  try {
    const { workspaceName, email, role, hasAccount } = await findInvite(token);
    invite = { workspaceName, email, role, hasAccount };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    problem = error.message;
  }
  return <AcceptInvite token={token} invite={invite} problem={problem} userEmail={user?.email ?? null} />;
}
