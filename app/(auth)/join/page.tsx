import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { JoinWithCode } from "@/components/team/join-with-code";
import { currentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Join a workspace" };

export default async function JoinPage() {
  if (!(await currentUser())) redirect("/signin?callbackUrl=%2Fjoin");
  return <JoinWithCode />;
}
