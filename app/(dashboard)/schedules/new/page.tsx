import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ScheduleForm } from "@/components/schedules/schedule-form";
import { requirePageContext } from "@/lib/auth/page";
import { hasRole } from "@/lib/roles";

export const metadata: Metadata = { title: "New schedule" };

export default async function NewScheduleRoute() {
  const { current } = await requirePageContext();
  if (!current) return null;
  // Only admins create schedules; everyone else has nothing to do on this page.
  if (!hasRole(current.role, "admin")) redirect("/schedules");
  return <ScheduleForm key={current.id} schedule={null} workspaceTimezone={current.timezone} canManage />;
}
