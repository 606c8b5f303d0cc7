"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { fetchJson } from "@/components/hooks/queries";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { SignUpMode } from "@/lib/instance/settings";
import { JOIN_CODE_LENGTH } from "@/lib/team/schemas";
import { AuthCard } from "./auth-card";
import { FormError, useFormSubmit } from "./form-submit";

/** Self sign-up, as the instance's mode allows; a join link's code is filled in. */
export function SignUpForm(props: { mode: Exclude<SignUpMode, "invitation">; domains: string[]; code: string }) {
  const id = useId();
  const [form, setForm] = useState({ name: "", email: "", password: "", code: props.code });
  const [sent, setSent] = useState<string | null>(null);
  const { pending, error, onSubmit } = useFormSubmit();
  const codeNeeded = props.mode === "invitation_or_code";

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: key === "code" ? e.target.value.toUpperCase() : e.target.value }));

  const submit = onSubmit(async () => {
    const res = await fetchJson<{ message: string }>("/api/sign-up", {
      method: "POST",
      body: JSON.stringify({ ...form, code: form.code.trim() || undefined }),
    });
    setSent(res.message);
  });

  if (sent) {
    return (
      <AuthCard title="Check your inbox">
        <p className="notice notice-info" role="status">
          {sent}
        </p>
        <p className="muted" style={{ marginTop: 16 }}>
          Then <Link href="/signin">sign in</Link>.
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Create your account">
      {props.mode === "open" && props.domains.length > 0 ? (
        <p className="muted" style={{ marginBottom: 12 }}>
          Without a join code, addresses at {props.domains.join(", ")} only.
        </p>
      ) : null}
      <form className="auth-form" onSubmit={submit}>
        <div className="field">
          <label className="label" htmlFor={`${id}-name`}>
            Your name
          </label>
          <Input id={`${id}-name`} autoComplete="name" required value={form.name} onChange={set("name")} />
        </div>
        <div className="field">
          <label className="label" htmlFor={`${id}-email`}>
            Email
          </label>
          <Input
            id={`${id}-email`}
            type="email"
            autoComplete="email"
            required
            value={form.email}
            onChange={set("email")}
          />
        </div>
        <div className="field">
          <label className="label" htmlFor={`${id}-password`}>
            Choose a password
          </label>
          <Input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            value={form.password}
            onChange={set("password")}
          />
        </div>
        <div className="field">
          <label className="label" htmlFor={`${id}-code`}>
            {codeNeeded ? "Join code" : "Join code (optional)"}
          </label>
          <Input
            id={`${id}-code`}
            autoComplete="off"
            required={codeNeeded}
            maxLength={JOIN_CODE_LENGTH}
            value={form.code}
            onChange={set("code")}
          />
        </div>
        <FormError error={error} />
        <Button type="submit" variant="primary" className="btn-block" disabled={pending}>
          {pending ? "Creating…" : "Create account"}
        </Button>
      </form>
      <p className="muted" style={{ marginTop: 16 }}>
        Have an account? <Link href="/signin">Sign in</Link>
      </p>
    </AuthCard>
  );
}
