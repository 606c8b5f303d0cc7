"use client";

import Link from "next/link";
import { useId, useState, useSyncExternalStore } from "react";
import { FormError, LEAVING, useFormSubmit } from "@/components/auth/form-submit";
import { fetchJson } from "@/components/hooks/queries";
import { AuthCard } from "@/components/team/auth-card";
import { enterWorkspace } from "@/components/team/enter-workspace";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

const unchanging = () => () => {};
const readBrowserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** A new workspace owned by the caller; it opens once made. */
export function CreateWorkspaceForm(props: { hasWorkspaces: boolean }) {
  const id = useId();
  const [name, setName] = useState("");
  const [zone, setZone] = useState<string | null>(null);
  // The browser's own zone is the likeliest answer until one is typed; the server renders UTC.
  const browserZone = useSyncExternalStore(unchanging, readBrowserZone, () => "UTC");
  const timezone = zone ?? browserZone;
  const { pending, error, onSubmit } = useFormSubmit();

  const submit = onSubmit(async () => {
    const { workspace } = await fetchJson<{ workspace: { id: string } }>("/api/workspaces", {
      method: "POST",
      body: JSON.stringify({ name, timezone }),
    });
    await enterWorkspace(workspace.id);
    return LEAVING;
  });

  return (
    <AuthCard title="New workspace">
      <p className="muted" style={{ marginBottom: 12 }}>
        You will be its owner. It starts with the built-in reports and a weekly Usage Summary e-mailed to you.
      </p>
      <form className="auth-form" onSubmit={submit}>
        <div className="field">
          <label className="label" htmlFor={`${id}-name`}>
            Workspace name
          </label>
          <Input id={`${id}-name`} required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label className="label" htmlFor={`${id}-zone`}>
            Time zone
          </label>
          <Input
            id={`${id}-zone`}
            required
            autoComplete="off"
            value={timezone}
            onChange={(e) => setZone(e.target.value)}
          />
        </div>
        <FormError error={error} />
        <Button type="submit" variant="primary" className="btn-block" disabled={pending}>
          {pending ? "Creating…" : "Create workspace"}
        </Button>
      </form>
      {props.hasWorkspaces ? (
        <p className="muted" style={{ marginTop: 16 }}>
          <Link href="/">Back to your workspace</Link>
        </p>
      ) : null}
    </AuthCard>
  );
}
