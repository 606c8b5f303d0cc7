import type { Metadata } from "next";
import { OutboxPage } from "@/components/outbox/outbox-page";
import { requirePageContext } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxRoute() {
  const { current } = await requirePageContext();
  if (!current) return null;
  return <OutboxPage key={current.id} workspaceId={current.id} />;
}
