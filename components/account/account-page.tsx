"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { FormError, useFormSubmit } from "@/components/auth/form-submit";
import { fetchJson } from "@/components/hooks/queries";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";

function Saved({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="notice notice-info" role="status">
      {text}
    </p>
  );
}

/** The caller's profile and password. */
export function AccountPage(props: { name: string; email: string }) {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState(props.name);
  const [profileSaved, setProfileSaved] = useState<string | null>(null);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [passwordSaved, setPasswordSaved] = useState<string | null>(null);
  const profile = useFormSubmit();
  const password = useFormSubmit();

  const saveProfile = profile.onSubmit(async () => {
    setProfileSaved(null);
    await fetchJson("/api/account", { method: "PATCH", body: JSON.stringify({ name }) });
    setProfileSaved("Saved.");
    router.refresh();
  });

  const changePassword = password.onSubmit(async () => {
    setPasswordSaved(null);
    await fetchJson("/api/account/password", {
      method: "POST",
      body: JSON.stringify({ currentPassword: current, newPassword: next }),
    });
    setCurrent("");
    setNext("");
    setPasswordSaved("Password changed. Every other session of your account was signed out.");
  });

  return (
    <div style={{ maxWidth: 640, display: "flex", flexDirection: "column", gap: 20 }}>
      <header className="page-header">
        <h1 className="page-title">Account</h1>
      </header>
      <Card>
        <CardHeader title="Profile" description={props.email} />
        <form className="auth-form" onSubmit={saveProfile}>
          <div className="field">
            <label className="label" htmlFor={`${id}-name`}>
              Name
            </label>
            <Input id={`${id}-name`} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <Saved text={profile.error ? null : profileSaved} />
          <FormError error={profile.error} />
          <div>
            <Button type="submit" variant="primary" disabled={profile.pending || password.pending}>
              Save profile
            </Button>
          </div>
        </form>
      </Card>
      <Card>
        <CardHeader title="Password" description="Changing it signs out every other session of your account." />
        <form className="auth-form" onSubmit={changePassword}>
          <div className="field">
            <label className="label" htmlFor={`${id}-current`}>
              Current password
            </label>
            <Input
              id={`${id}-current`}
              type="password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          </div>
          <div className="field">
            <label className="label" htmlFor={`${id}-next`}>
              New password
            </label>
            <Input
              id={`${id}-next`}
              type="password"
              autoComplete="new-password"
              minLength={10}
              required
              value={next}
              onChange={(e) => setNext(e.target.value)}
            />
          </div>
          <Saved text={password.error ? null : passwordSaved} />
          <FormError error={password.error} />
          <div>
            <Button type="submit" variant="primary" disabled={profile.pending || password.pending}>
              Change password
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
