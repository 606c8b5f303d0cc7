import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { needsSetup } from "@/lib/accounts/setup";

export const metadata: Metadata = { title: "Set up Chartroom" };
export const dynamic = "force-dynamic";

/** Only while the instance has no accounts; afterwards there is nothing here. */
export default async function SetupPage() {
  if (!(await needsSetup())) notFound();
  return <SetupForm />;
}
