import type { Metadata } from "next";
import { SchedulesPage } from "@/components/schedules/schedules-page";
import { requirePageContext } from "@/lib/auth/page";
import { hasRole } from "@/lib/roles";

export const metadata: Metadata = { title: "Schedules" };

export default async function SchedulesRoute() {
  const { current } = await requirePageContext();
  if (!current) return null;
  return <SchedulesPage key={current.id} workspaceId={current.id} canManage={hasRole(current.role, "admin")} />;
}
