import type { Metadata } from "next";
import { JoinWithCode, JoinWithoutAccount } from "@/components/team/join-with-code";
import { currentUser } from "@/lib/auth/session";
import { instanceSettings } from "@/lib/instance/settings";

export const metadata: Metadata = { title: "Join a workspace" };

/**
 * `/join?code=XXXXXXXX`: someone signed in joins at once; someone without a session signs in,
 * or creates an account with the code when the instance's sign-up mode takes join codes.
 */
export default async function JoinPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const raw = (await searchParams).code;
  const code = (Array.isArray(raw) ? raw[0] : (raw ?? "")).trim().toUpperCase().slice(0, 16);
  const user = await currentUser();
  if (user) return <JoinWithCode code={code} unverified={!user.emailVerified} />;
  const { signUpMode } = await instanceSettings();
  return <JoinWithoutAccount code={code} canSignUp={signUpMode !== "invitation"} />;
}
