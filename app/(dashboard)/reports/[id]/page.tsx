import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReportBuilder } from "@/components/reports/report-builder";
import { ApiError } from "@/lib/api/errors";
import { requirePageContext } from "@/lib/auth/page";
import { hasRole } from "@/lib/roles";
import { getReport } from "@/lib/reports/service";

export const metadata: Metadata = { title: "Report" };

export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { current } = await requirePageContext();
  if (!current) return null;
  const { id } = await params;
  const report = await getReport(current.id, id).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });
  if (!report) notFound();
  return (
    <ReportBuilder key={report.id} workspace={current} report={report} canEdit={hasRole(current.role, "member")} />
  );
}
