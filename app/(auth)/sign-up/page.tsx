import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { currentUser } from "@/lib/auth/session";
import { instanceSettings } from "@/lib/instance/settings";
import { displayDomain } from "@/lib/instance/sign-up-domains";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const raw = (await searchParams).code;
  const code = (Array.isArray(raw) ? raw[0] : (raw ?? "")).slice(0, 16);
  // Someone signed in joins with the code instead.
  if (await currentUser()) redirect(code ? `/join?code=${encodeURIComponent(code)}` : "/");
  const settings = await instanceSettings();
  if (settings.signUpMode === "invitation") {
    return (
      <AuthCard title="Create an account">
        <p className="notice notice-info" role="status">
          Accounts on this instance are made by invitation only: ask a workspace admin to invite you.
        </p>
        <p className="muted" style={{ marginTop: 16 }}>
          Have an account? <Link href="/signin">Sign in</Link>
        </p>
      </AuthCard>
    );
  }
  return <SignUpForm mode={settings.signUpMode} domains={settings.signUpDomains.map(displayDomain)} code={code} />;
}
