import type { Metadata } from "next";
import { ReportList } from "@/components/reports/report-list";
import { requirePageContext } from "@/lib/auth/page";
import { hasRole } from "@/lib/roles";

export const metadata: Metadata = { title: "Reports" };

export default async function ReportsPage() {
  const { current } = await requirePageContext();
  if (!current) return null;
  return <ReportList key={current.id} canEdit={hasRole(current.role, "member")} />;
}
