"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FormError, LEAVING, useFormSubmit } from "./form-submit";

const INVALID_CREDENTIALS = "Invalid email or password.";

/** Only same-origin paths, so a crafted ?callbackUrl= cannot send people elsewhere. */
function safeCallbackUrl(url: string): string {
  return url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : "/";
}

const TOO_MANY_ATTEMPTS = "Too many failed sign-in attempts. Wait a few minutes and try again.";

export function SignInForm(props: {
  demo: { email: string; password: string } | null;
  callbackUrl: string;
  /** Where people without an account may create one (the instance's sign-up mode allows it). */
  signUpHref: string | null;
}) {
  const router = useRouter();
  const id = useId();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { pending, error, onSubmit } = useFormSubmit();
  const [demoFilled, setDemoFilled] = useState(false);

  const submit = onSubmit(async () => {
    setDemoFilled(false);
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error || !result.ok) {
      throw new Error(result?.error === "TooManyAttempts" ? TOO_MANY_ATTEMPTS : INVALID_CREDENTIALS);
    }
    router.replace(safeCallbackUrl(props.callbackUrl));
    router.refresh();
    return LEAVING;
  });

  function fillDemoAccount() {
    if (!props.demo) return;
    setEmail(props.demo.email);
    setPassword(props.demo.password);
    setDemoFilled(true);
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

        <form className="auth-form" onSubmit={submit}>
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
          <FormError error={demoFilled ? null : error} />
          <Button type="submit" variant="primary" className="btn-block" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
        <p className="muted" style={{ marginTop: 14, fontSize: 13 }}>
          <Link href="/forgot-password">Forgot your password?</Link>
          {props.signUpHref ? (
            <>
              {" · "}
              <Link href={props.signUpHref}>Create an account</Link>
            </>
          ) : null}
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
