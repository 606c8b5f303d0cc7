"use client";

import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { AuthCard, errorMessage } from "./auth-card";

export function ResetPasswordForm(props: { token: string }) {
  const id = useId();
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const res = await fetch("/api/account/reset-password", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: props.token, password }),
      });
      if (!res.ok) setError(await errorMessage(res, "That did not work. Try again."));
      else setDone(true);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    }
    setPending(false);
  }

  return (
    <AuthCard title="Choose a new password">
      {done ? (
        <p className="notice notice-info" role="status">
          Your password has been changed and every session of your account was signed out.{" "}
          <Link href="/signin">Sign in</Link> with the new password.
        </p>
      ) : (
        <form className="auth-form" onSubmit={onSubmit}>
          <div className="field">
            <label className="label" htmlFor={`${id}-password`}>
              New password
            </label>
            <Input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              minLength={10}
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
          <Button type="submit" variant="primary" className="btn-block" disabled={pending}>
            {pending ? "Saving…" : "Set new password"}
          </Button>
        </form>
      )}
    </AuthCard>
  );
}
