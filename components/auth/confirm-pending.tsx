"use client";

import { useState } from "react";
import { fetchJson } from "@/components/hooks/queries";
import { Button } from "@/components/ui/button";
import { FormError, useFormSubmit } from "./form-submit";

/** What an account sees until it confirms its address: where the link went, and a way to get a new one. */
export function ConfirmPending(props: { email: string }) {
  const [sent, setSent] = useState<string | null>(null);
  const { pending, error, onSubmit } = useFormSubmit();
  const resend = onSubmit(async () => {
    setSent((await fetchJson<{ message: string }>("/api/sign-up/resend", { method: "POST" })).message);
  });
  return (
    <main className="page-narrow">
      <h1>Confirm your e-mail address</h1>
      <p>
        We sent a link to <strong>{props.email}</strong>. Open it to finish creating your account; until then your
        account cannot use any workspace.
      </p>
      <form onSubmit={resend}>
        {sent ? (
          <p className="notice notice-info" role="status">
            {sent}
          </p>
        ) : null}
        <FormError error={error} />
        <Button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Send the link again"}
        </Button>
      </form>
    </main>
  );
}
