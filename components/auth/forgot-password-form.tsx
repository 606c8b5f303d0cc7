"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { fetchJson } from "@/components/hooks/queries";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { AuthCard } from "./auth-card";
import { FormError, useFormSubmit } from "./form-submit";

export function ForgotPasswordForm() {
  const id = useId();
  const [email, setEmail] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const { pending, error, onSubmit } = useFormSubmit();

  const submit = onSubmit(async () => {
    const res = await fetchJson<{ message: string }>("/api/account/forgot-password", {
      method: "POST",
      body: JSON.stringify({ email }),
    });
    setDone(res.message);
  });

  return (
    <AuthCard title="Forgot your password?">
      {done ? (
        <p className="notice notice-info" role="status">
          {done}
        </p>
      ) : (
        <form className="auth-form" onSubmit={submit}>
          <p className="muted">
            Enter your account&apos;s e-mail address and we will send you a link to choose a new password.
          </p>
          <div className="field">
            <label className="label" htmlFor={`${id}-email`}>
              Email
            </label>
            <Input
              id={`${id}-email`}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <FormError error={error} />
          <Button type="submit" variant="primary" className="btn-block" disabled={pending}>
            {pending ? "Sending…" : "Send reset link"}
          </Button>
        </form>
      )}
      <p className="muted" style={{ marginTop: 16 }}>
        <Link href="/signin">Back to sign in</Link>
      </p>
    </AuthCard>
  );
}
