"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { fetchJson } from "@/components/hooks/queries";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { AuthCard } from "./auth-card";
import { FormError, useFormSubmit } from "./form-submit";

export function ResetPasswordForm(props: { token: string }) {
  const id = useId();
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const { pending, error, onSubmit } = useFormSubmit();

  const submit = onSubmit(async () => {
    await fetchJson("/api/account/reset-password", {
      method: "POST",
      body: JSON.stringify({ token: props.token, password }),
    });
    setDone(true);
  });

  return (
    <AuthCard title="Choose a new password">
      {done ? (
        <p className="notice notice-info" role="status">
          Your password has been changed and every session of your account was signed out.{" "}
          <Link href="/signin">Sign in</Link> with the new password.
        </p>
      ) : (
        <form className="auth-form" onSubmit={submit}>
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
          <FormError error={error} />
          <Button type="submit" variant="primary" className="btn-block" disabled={pending}>
            {pending ? "Saving…" : "Set new password"}
          </Button>
        </form>
      )}
    </AuthCard>
  );
}
