"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { fetchJson } from "@/components/hooks/queries";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";

type Status = { kind: "ok" | "error"; text: string } | null;

function StatusLine({ status }: { status: Status }) {
  if (!status) return null;
  return status.kind === "ok" ? (
    <p className="notice notice-info" role="status">
      {status.text}
    </p>
  ) : (
    <p className="form-error" role="alert">
      {status.text}
    </p>
  );
}

/** The caller's profile and password. */
export function AccountPage(props: { name: string; email: string }) {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState(props.name);
  const [profileStatus, setProfileStatus] = useState<Status>(null);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [passwordStatus, setPasswordStatus] = useState<Status>(null);
  const [pending, setPending] = useState(false);

  async function saveProfile(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    try {
      await fetchJson("/api/account", { method: "PATCH", body: JSON.stringify({ name }) });
      setProfileStatus({ kind: "ok", text: "Saved." });
      router.refresh();
    } catch (error) {
      setProfileStatus({ kind: "error", text: (error as Error).message });
    }
    setPending(false);
  }

  async function changePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    try {
      await fetchJson("/api/account/password", {
        method: "POST",
        body: JSON.stringify({ currentPassword: current, newPassword: next }),
      });
      setCurrent("");
      setNext("");
      setPasswordStatus({ kind: "ok", text: "Password changed. Every other session of your account was signed out." });
    } catch (error) {
      setPasswordStatus({ kind: "error", text: (error as Error).message });
    }
    setPending(false);
  }

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
          <StatusLine status={profileStatus} />
          <div>
            <Button type="submit" variant="primary" disabled={pending}>
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
          <StatusLine status={passwordStatus} />
          <div>
            <Button type="submit" variant="primary" disabled={pending}>
              Change password
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
