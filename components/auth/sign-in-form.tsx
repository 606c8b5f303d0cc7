"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

const INVALID_CREDENTIALS = "Invalid email or password.";

/** Only same-origin paths, so a crafted ?callbackUrl= cannot send people elsewhere. */
function safeCallbackUrl(url: string): string {
  return url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : "/";
}

const TOO_MANY_ATTEMPTS = "Too many failed sign-in attempts. Wait a few minutes and try again.";

export function SignInForm(props: { demo: { email: string; password: string } | null; callbackUrl: string }) {
  const router = useRouter();
  const id = useId();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error || !result.ok) {
        setError(result?.error === "TooManyAttempts" ? TOO_MANY_ATTEMPTS : INVALID_CREDENTIALS);
        setPending(false);
        return;
      }
      router.replace(safeCallbackUrl(props.callbackUrl));
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  function fillDemoAccount() {
    if (!props.demo) return;
    setEmail(props.demo.email);
    setPassword(props.demo.password);
    setError(null);
  }

  return (
    <div className="auth-page">
      <div className="auth-card card">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            C
          </span>
          <span className="brand-name">Chartroom</span>
        </div>
        <h1 className="auth-title">Sign in to your workspace</h1>

        <form className="auth-form" onSubmit={onSubmit}>
          <div className="field">
            <label className="label" htmlFor={`${id}-email`}>
              Email
            </label>
            <Input
              id={`${id}-email`}
              name="email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label className="label" htmlFor={`${id}-password`}>
              Password
            </label>
            <Input
              id={`${id}-password`}
              name="password"
              type="password"
              autoComplete="current-password"
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
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
        <p className="muted" style={{ marginTop: 14, fontSize: 13 }}>
          <Link href="/forgot-password">Forgot your password?</Link>
        </p>

        {props.demo ? (
          <div className="demo-box">
            <p className="demo-title">Demo account</p>
            <dl className="demo-credentials">
              <dt>Email</dt>
              <dd>
                <code>{props.demo.email}</code>
              </dd>
              <dt>Password</dt>
              <dd>
                <code>{props.demo.password}</code>
              </dd>
            </dl>
            <Button size="sm" onClick={fillDemoAccount} disabled={pending}>
              Use demo account
            </Button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
