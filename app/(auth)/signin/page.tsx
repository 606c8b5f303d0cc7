import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { DEMO_EMAIL, DEMO_PASSWORD, isDemoInstance } from "@/lib/demo/seed";
import { demoMode } from "@/lib/modes";
import { needsSetup } from "@/lib/accounts/setup";
import { instanceSettings } from "@/lib/instance/settings";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths, so the sign-in page cannot bounce users to another site. */
function safeCallback(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : "/";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const callbackUrl = safeCallback((await searchParams).callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  if (await needsSetup()) redirect("/setup");
  // Outside demo mode the demo password is never shown, even to a database that was a demo.
  const demo = demoMode() && (await isDemoInstance(db)) ? { email: DEMO_EMAIL, password: DEMO_PASSWORD } : null;
  return <SignInForm demo={demo} callbackUrl={callbackUrl} signUpHref={await signUpHref(callbackUrl)} />;
}

/** The sign-up page when the instance lets people create accounts; a join link's code comes along. */
async function signUpHref(callbackUrl: string): Promise<string | null> {
  if ((await instanceSettings()).signUpMode === "invitation") return null;
  const target = new URL(callbackUrl, "http://placeholder.invalid");
  const code = target.pathname === "/join" ? target.searchParams.get("code") : null;
  return code ? `/sign-up?code=${encodeURIComponent(code)}` : "/sign-up";
}
