"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { FormError, LEAVING, useFormSubmit } from "@/components/auth/form-submit";
import { fetchJson } from "@/components/hooks/queries";
import { Button, buttonClassName } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { JOIN_CODE_LENGTH } from "@/lib/team/schemas";
import { AuthCard } from "./auth-card";
import { enterWorkspace } from "./enter-workspace";

export function JoinWithCode(props: { code: string; unverified: boolean }) {
  const id = useId();
  const [code, setCode] = useState(props.code);
  const { pending, error, onSubmit } = useFormSubmit();

  const submit = onSubmit(async () => {
    const result = await fetchJson<{ workspace: { id: string } }>("/api/join", {
      method: "POST",
      body: JSON.stringify({ code }),
    });
    await enterWorkspace(result.workspace.id);
    return LEAVING;
  });

  if (props.unverified) {
    return (
      <AuthCard title="Join a workspace">
        <p className="notice notice-info" role="status">
          Confirm your e-mail address first: open the link we sent you. If you signed up with this code, confirming
          joins the workspace.
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Join a workspace">
      <form className="auth-form" onSubmit={submit}>
        <div className="field">
          <label className="label" htmlFor={`${id}-code`}>
            Join code
          </label>
          <Input
            id={`${id}-code`}
            required
            autoComplete="off"
            maxLength={JOIN_CODE_LENGTH}
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
          />
        </div>
        <FormError error={error} />
        <Button type="submit" variant="primary" disabled={pending || code.trim().length !== JOIN_CODE_LENGTH}>
          Join
        </Button>
      </form>
    </AuthCard>
  );
}

/** A join link opened without a session: sign in to join, or create an account with the code. */
export function JoinWithoutAccount(props: { code: string; canSignUp: boolean }) {
  const back = props.code ? `/join?code=${encodeURIComponent(props.code)}` : "/join";
  return (
    <AuthCard title="Join a workspace">
      <p className="muted">
        {props.canSignUp
          ? "Sign in to join with this code, or create an account: it joins the workspace once you confirm your e-mail address."
          : "Sign in to join with this code. New accounts on this instance are made by invitation only."}
      </p>
      <div style={{ display: "flex", gap: 8, marginTop: 16 }}>
        <Link className={buttonClassName("primary")} href={`/signin?callbackUrl=${encodeURIComponent(back)}`}>
          Sign in to join
        </Link>
        {props.canSignUp ? (
          <Link
            className={buttonClassName("secondary")}
            href={props.code ? `/sign-up?code=${encodeURIComponent(props.code)}` : "/sign-up"}
          >
            Create an account
          </Link>
        ) : null}
      </div>
    </AuthCard>
  );
}
