"use client";

import { signIn } from "next-auth/react";
import { useId, useState } from "react";
import { fetchJson } from "@/components/hooks/queries";
import { Button, buttonClassName } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { AuthCard } from "./auth-card";
import { enterWorkspace } from "./enter-workspace";

export interface InviteView {
  workspaceName: string;
  email: string;
  role: string;
  hasAccount: boolean;
}

export function AcceptInvite(props: {
  token: string;
  invite: InviteView | null;
  problem: string | null;
  userEmail: string | null;
}) {
  const id = useId();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { invite } = props;

  if (!invite) {
    return (
      <AuthCard title="Invite">
        <p className="form-error" role="alert">
          {props.problem}
        </p>
      </AuthCard>
    );
  }

  async function accept(withAccount: boolean) {
    if (!invite) return;
    setPending(true);
    setError(null);
    try {
      const result = await fetchJson<{ workspace: { id: string } }>("/api/invites/accept", {
        method: "POST",
        body: JSON.stringify(withAccount ? { token: props.token, name, password } : { token: props.token }),
      });
      if (withAccount) {
        const signedIn = await signIn("credentials", { email: invite.email, password, redirect: false });
        if (!signedIn?.ok)
          throw new Error("Your account is ready, but signing in failed. Sign in from the sign-in page.");
      }
      await enterWorkspace(result.workspace.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not accept the invite.");
      setPending(false);
    }
  }

  const signInHref = `/signin?callbackUrl=${encodeURIComponent(`/invite/${props.token}`)}`;
  const wrongUser = props.userEmail !== null && props.userEmail.toLowerCase() !== invite.email;

  return (
    <AuthCard title={`Join ${invite.workspaceName}`}>
      <p>
        You are invited to <strong>{invite.workspaceName}</strong> as {invite.role}, at {invite.email}.
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {props.userEmail && !wrongUser ? (
        <Button variant="primary" disabled={pending} onClick={() => void accept(false)}>
          Accept invite
        </Button>
      ) : wrongUser ? (
        <p className="notice notice-warning">
          You are signed in as {props.userEmail}. Sign out and sign in as {invite.email} to accept this invite.
        </p>
      ) : invite.hasAccount ? (
        <a className={buttonClassName("primary")} href={signInHref}>
          Sign in to accept
        </a>
      ) : (
        <form
          className="auth-form"
          onSubmit={(e) => {
            e.preventDefault();
            void accept(true);
          }}
        >
          <div className="field">
            <label className="label" htmlFor={`${id}-name`}>
              Your name
            </label>
            <Input
              id={`${id}-name`}
              required
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label className="label" htmlFor={`${id}-password`}>
              Choose a password
            </label>
            <Input
              id={`${id}-password`}
              type="password"
              required
              minLength={8}
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <Button type="submit" variant="primary" disabled={pending}>
            Create account and join
          </Button>
        </form>
      )}
    </AuthCard>
  );
}
