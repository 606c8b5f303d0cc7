import type { Metadata } from "next";
import "../../data-in.css";
import { TeamPage } from "@/components/settings/team-page";
import { requirePageContext } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Team" };

export default async function TeamRoute() {
  const { user, current } = await requirePageContext();
  if (!current) return null;
  return <TeamPage key={current.id} workspaceId={current.id} userId={user.id} role={current.role} />;
}
