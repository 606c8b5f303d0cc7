import type { Metadata } from "next";
import { ReportBuilder } from "@/components/reports/report-builder";
import { requirePageContext } from "@/lib/auth/page";
import { hasRole } from "@/lib/roles";

export const metadata: Metadata = { title: "New report" };

export default async function NewReportPage() {
  const { current } = await requirePageContext();
  if (!current) return null;
  return <ReportBuilder key={current.id} workspace={current} report={null} canEdit={hasRole(current.role, "member")} />;
}
