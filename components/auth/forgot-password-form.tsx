"use client";

import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { AuthCard, errorMessage } from "./auth-card";

export function ForgotPasswordForm() {
  const id = useId();
  const [email, setEmail] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const res = await fetch("/api/account/forgot-password", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email }),
      });
      if (!res.ok) setError(await errorMessage(res, "That did not work. Try again."));
      else setDone(((await res.json()) as { message: string }).message);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    }
    setPending(false);
  }

  return (
    <AuthCard title="Forgot your password?">
      {done ? (
        <p className="notice notice-info" role="status">
          {done}
        </p>
      ) : (
        <form className="auth-form" onSubmit={onSubmit}>
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
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
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
