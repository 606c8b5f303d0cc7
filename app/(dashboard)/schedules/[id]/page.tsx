import type { Metadata } from "next";
import { EditSchedule } from "@/components/schedules/edit-schedule";
import { requirePageContext } from "@/lib/auth/page";
import { hasRole } from "@/lib/roles";

export const metadata: Metadata = { title: "Schedule" };

export default async function ScheduleRoute({ params }: { params: Promise<{ id: string }> }) {
  const { current } = await requirePageContext();
  if (!current) return null;
  const { id } = await params;
  return (
    <EditSchedule
      key={`${current.id}:${id}`}
      id={id}
      workspaceTimezone={current.timezone}
      canManage={hasRole(current.role, "admin")}
    />
  );
}
