import type { Metadata } from "next";
import { AcceptInvite } from "@/components/team/accept-invite";
import { ApiError } from "@/lib/api/errors";
import { currentUser } from "@/lib/auth/session";
import { findInvite } from "@/lib/team/team";

export const metadata: Metadata = { title: "Invite" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await currentUser();
  try {
    const { workspaceName, email, role, hasAccount } = await findInvite(token);
    const invite = { workspaceName, email, role, hasAccount };
    return <AcceptInvite token={token} invite={invite} problem={null} userEmail={user?.email ?? null} />;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return <AcceptInvite token={token} invite={null} problem={error.message} userEmail={user?.email ?? null} />;
  }
}
