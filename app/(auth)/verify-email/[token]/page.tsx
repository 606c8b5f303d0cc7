import type { Metadata } from "next";
import { VerifyEmail } from "@/components/auth/verify-email";
import { currentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Confirm your e-mail address", referrer: "no-referrer" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  return <VerifyEmail token={(await params).token} signedIn={Boolean(await currentUser())} />;
}
