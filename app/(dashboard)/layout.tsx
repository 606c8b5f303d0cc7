import { AppShell } from "@/components/layout/app-shell";
import { requirePageContext } from "@/lib/auth/page";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const { user, workspaces, current, instanceAdmin } = await requirePageContext();
  if (!current) {
    return (
      <main className="page-narrow">
        <h1>No workspace yet</h1>
        <p>
          Your account is not a member of any workspace. Ask a workspace admin to invite you, or{" "}
          <a href="/join">join with a code</a>.
        </p>
      </main>
    );
  }
  return (
    <AppShell user={user} workspaces={workspaces} current={current} instanceAdmin={instanceAdmin}>
      {children}
    </AppShell>
  );
}
