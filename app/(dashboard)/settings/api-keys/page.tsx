import type { Metadata } from "next";
import "../../data-in.css";
import { ApiKeysPage } from "@/components/settings/api-keys-page";
import { requirePageContext } from "@/lib/auth/page";
import { hasRole } from "@/lib/roles";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysRoute() {
  const { current } = await requirePageContext();
  if (!current) return null;
  if (!hasRole(current.role, "admin")) {
    return (
      <div className="settings-page">
        <h1 className="page-title">API keys</h1>
        <p className="notice notice-info">Only admins and owners manage API keys.</p>
      </div>
    );
  }
  return <ApiKeysPage key={current.id} workspaceId={current.id} role={current.role} />;
}
