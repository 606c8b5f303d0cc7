import type { Metadata } from "next";
import "../data-in.css";
import { ImportPage } from "@/components/imports/import-page";
import { requirePageContext } from "@/lib/auth/page";
import { hasRole } from "@/lib/roles";

export const metadata: Metadata = { title: "Import data" };

export default async function ImportRoute() {
  const { current } = await requirePageContext();
  if (!current) return null;
  return <ImportPage key={current.id} workspaceId={current.id} canImport={hasRole(current.role, "member")} />;
}
