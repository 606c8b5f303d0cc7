"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { FormError, useFormSubmit } from "@/components/auth/form-submit";
import { fetchJson } from "@/components/hooks/queries";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { InstanceSettings, SignUpMode, WorkspaceCreators } from "@/lib/instance/settings";

const MODE_LABELS: Record<SignUpMode, string> = {
  invitation: "By invitation only (join codes add existing accounts)",
  invitation_or_code: "Invitation or a workspace's join code",
  open: "Open to anyone (optionally limited to e-mail domains)",
};

const CREATOR_LABELS: Record<WorkspaceCreators, string> = {
  verified_users: "Anyone with a confirmed e-mail address",
  instance_admins: "Instance admins only",
};

const settingsKey = ["admin", "settings"] as const;

/** Sign-up mode, allowed sign-up domains and who may create workspaces. */
export function InstanceSettingsCard(props: { mailDelivers: boolean }) {
  const query = useQuery({
    queryKey: settingsKey,
    queryFn: () => fetchJson<{ settings: InstanceSettings }>("/api/admin/settings").then((r) => r.settings),
  });
  if (!query.data) return null;
  return <SettingsForm initial={query.data} mailDelivers={props.mailDelivers} />;
}

function SettingsForm(props: { initial: InstanceSettings; mailDelivers: boolean }) {
  const id = useId();
  const client = useQueryClient();
  const [mode, setMode] = useState(props.initial.signUpMode);
  const [domains, setDomains] = useState(props.initial.signUpDomains.join(", "));
  const [creators, setCreators] = useState(props.initial.workspaceCreators);
  const [saved, setSaved] = useState(false);
  const { pending, error, onSubmit } = useFormSubmit();

  const save = onSubmit(async () => {
    setSaved(false);
    const { settings } = await fetchJson<{ settings: InstanceSettings }>("/api/admin/settings", {
      method: "PATCH",
      body: JSON.stringify({
        signUpMode: mode,
        signUpDomains: domains
          .split(/[\s,]+/)
          .map((d) => d.trim())
          .filter(Boolean),
        workspaceCreators: creators,
      }),
    });
    setDomains(settings.signUpDomains.join(", "));
    setSaved(true);
    await client.invalidateQueries({ queryKey: ["admin"] });
  });

  return (
    <Card>
      <CardHeader
        title="Sign-up and workspaces"
        description="Who may create an account, and who may create workspaces. Changes are recorded in the audit trail."
      />
      <form className="auth-form" onSubmit={save}>
        <div className="field">
          <label className="label" htmlFor={`${id}-mode`}>
            Sign-up
          </label>
          <Select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as SignUpMode)}>
            {Object.entries(MODE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
        {mode !== "invitation" && !props.mailDelivers ? (
          <p className="notice notice-warning" data-testid="sign-up-needs-mail">
            New accounts confirm their address through an e-mailed link, and the built-in outbox never keeps such links.
            Set up SMTP or Resend before letting people sign up.
          </p>
        ) : null}
        {mode === "open" ? (
          <div className="field">
            <label className="label" htmlFor={`${id}-domains`}>
              Allowed e-mail domains
            </label>
            <Input
              id={`${id}-domains`}
              placeholder="example.com, example.org (empty: any)"
              value={domains}
              onChange={(e) => setDomains(e.target.value)}
            />
          </div>
        ) : null}
        <div className="field">
          <label className="label" htmlFor={`${id}-creators`}>
            Who may create workspaces
          </label>
          <Select
            id={`${id}-creators`}
            value={creators}
            onChange={(e) => setCreators(e.target.value as WorkspaceCreators)}
          >
            {Object.entries(CREATOR_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
        {saved && !error ? (
          <p className="notice notice-info" role="status">
            Saved.
          </p>
        ) : null}
        <FormError error={error} />
        <div>
          <Button type="submit" variant="primary" disabled={pending}>
            Save sign-up settings
          </Button>
        </div>
      </form>
    </Card>
  );
}
