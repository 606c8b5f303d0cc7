import Link from "next/link";
import { ConfirmPending } from "@/components/auth/confirm-pending";
import { AppShell } from "@/components/layout/app-shell";
import { requirePageContext } from "@/lib/auth/page";
import { mayCreateWorkspaces } from "@/lib/instance/workspace-creation";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const { user, workspaces, current, instanceAdmin } = await requirePageContext();
  if (!user.emailVerified) return <ConfirmPending email={user.email} />;
  const canCreate = await mayCreateWorkspaces(user.id);
  if (!current) {
    return (
      <main className="page-narrow">
        <h1>No workspace yet</h1>
        <p>
          Your account is not a member of any workspace. Ask a workspace admin to invite you, or{" "}
          <a href="/join">join with a code</a>
          {canCreate ? (
            <>
              , or <Link href="/workspaces/new">create a workspace</Link>
            </>
          ) : null}
          .
        </p>
      </main>
    );
  }
  return (
    <AppShell
      user={user}
      workspaces={workspaces}
      current={current}
      instanceAdmin={instanceAdmin}
      canCreateWorkspace={canCreate}
    >
      {children}
    </AppShell>
  );
}
