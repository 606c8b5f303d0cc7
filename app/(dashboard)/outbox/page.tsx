import type { Metadata } from "next";
import { OutboxPage } from "@/components/outbox/outbox-page";
import { requirePageContext } from "@/lib/auth/page";
import { hasRole } from "@/lib/roles";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxRoute() {
  const { current } = await requirePageContext();
  if (!current) return null;
  if (!hasRole(current.role, "admin")) {
    return (
      <div>
        <h1 className="page-title">Outbox</h1>
        <p className="notice notice-info">Only admins and owners see the workspace&apos;s outbox.</p>
      </div>
    );
  }
  return <OutboxPage key={current.id} workspaceId={current.id} />;
}
