"use client";

import Link from "next/link";
import { useState } from "react";
import { fetchJson } from "@/components/hooks/queries";
import { Button, buttonClassName } from "@/components/ui/button";
import { AuthCard } from "./auth-card";
import { FormError, useFormSubmit } from "./form-submit";

interface Verified {
  email: string;
  workspace: { id: string; name: string } | null;
  joinProblem: string | null;
}

/**
 * Confirms the address with a button rather than on page load, so a mail scanner that opens
 * the link does not spend it.
 */
export function VerifyEmail(props: { token: string; signedIn: boolean }) {
  const [done, setDone] = useState<Verified | null>(null);
  const { pending, error, onSubmit } = useFormSubmit();

  const submit = onSubmit(async () => {
    setDone(
      await fetchJson<Verified>("/api/sign-up/verify", {
        method: "POST",
        body: JSON.stringify({ token: props.token }),
      }),
    );
  });

  if (done) {
    return (
      <AuthCard title="Address confirmed">
        <p className="notice notice-info" role="status">
          {done.email} is confirmed.
          {done.workspace ? ` You joined ${done.workspace.name}.` : ""}
        </p>
        {done.joinProblem ? (
          <p className="notice notice-warning" role="alert">
            {done.joinProblem}
          </p>
        ) : null}
        <p style={{ marginTop: 16 }}>
          <Link className={buttonClassName("primary")} href={props.signedIn ? "/" : "/signin"}>
            {props.signedIn ? "Continue" : "Sign in to continue"}
          </Link>
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Confirm your e-mail address">
      <form className="auth-form" onSubmit={submit}>
        <p className="muted">Confirm that this address is yours to finish creating your account.</p>
        <FormError error={error} />
        <Button type="submit" variant="primary" className="btn-block" disabled={pending}>
          {pending ? "Confirming…" : "Confirm my address"}
        </Button>
      </form>
    </AuthCard>
  );
}
