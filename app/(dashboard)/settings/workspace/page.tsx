import type { Metadata } from "next";
import "../../data-in.css";
import { WorkspaceSettingsPage } from "@/components/settings/workspace-settings-page";
import { requirePageContext } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsRoute() {
  const { user, current } = await requirePageContext();
  if (!current) return null;
  return <WorkspaceSettingsPage key={current.id} workspaceId={current.id} userId={user.id} role={current.role} />;
}
