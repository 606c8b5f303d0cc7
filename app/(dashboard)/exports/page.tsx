import type { Metadata } from "next";
import { ExportsPage } from "@/components/exports/exports-page";
import { requirePageContext } from "@/lib/auth/page";
import { hasRole } from "@/lib/roles";

export const metadata: Metadata = { title: "Exports" };

export default async function ExportsRoute() {
  const { current } = await requirePageContext();
  if (!current) return null;
  return <ExportsPage key={current.id} canExport={hasRole(current.role, "member")} />;
}
