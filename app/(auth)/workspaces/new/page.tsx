import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form";
import { requirePageContext } from "@/lib/auth/page";
import { mayCreateWorkspaces } from "@/lib/instance/workspace-creation";

export const metadata: Metadata = { title: "New workspace" };

export default async function NewWorkspacePage() {
  const { user, workspaces } = await requirePageContext();
  if (!(await mayCreateWorkspaces(user.id))) {
    return (
      <AuthCard title="New workspace">
        <p className="notice notice-info" role="status">
          {user.emailVerified
            ? "On this instance only instance admins create workspaces. Ask one of them."
            : "Confirm your e-mail address first: open the link we sent you."}
        </p>
      </AuthCard>
    );
  }
  return <CreateWorkspaceForm hasWorkspaces={workspaces.length > 0} />;
}
