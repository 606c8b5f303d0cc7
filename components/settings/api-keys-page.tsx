"use client";

import { useId, useState } from "react";
import { formatDateTime } from "@/lib/format/dates";
import { useLocale } from "@/components/ui/locale";
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from "@/components/hooks/api-key-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { API_KEY_ROLES, type ApiKeyRole } from "@/lib/api-keys/schemas";
import { hasRole, type Role } from "@/lib/roles";

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function isKeyRole(value: string): value is ApiKeyRole {
  return (API_KEY_ROLES as readonly string[]).includes(value);
}

export function ApiKeysPage(props: { workspaceId: string; role: Role }) {
  const id = useId();
  const locale = useLocale();
  const keys = useApiKeys(props.workspaceId);
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState("");
  const [role, setRole] = useState<ApiKeyRole>("member");
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const roles = API_KEY_ROLES.filter((r) => hasRole(props.role, r));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setSecret(null);
    setCopied(false);
    create.mutate(
      { name, role },
      {
        onSuccess: (created) => {
          setSecret({ name: created.apiKey.name, value: created.secret });
          setName("");
        },
      },
    );
  }

  return (
    <div className="settings-page">
      <header className="page-header">
        <div className="page-heading">
          <h1 className="page-title">API keys</h1>
          <p className="page-subtitle">
            Keys let scripts use the API as this workspace: send <code>Authorization: Bearer &lt;key&gt;</code>. See the{" "}
            <a href="/api-docs">API reference</a>.
          </p>
        </div>
      </header>

      <Card>
        <CardHeader title="Create a key" description="A key can have your role or a lower one." />
        <form className="settings-form" onSubmit={submit}>
          <div className="field">
            <label className="label" htmlFor={`${id}-name`}>
              Key name
            </label>
            <Input id={`${id}-name`} value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label className="label" htmlFor={`${id}-role`}>
              Key role
            </label>
            <Select
              id={`${id}-role`}
              value={role}
              onChange={(e) => isKeyRole(e.target.value) && setRole(e.target.value)}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Button type="submit" variant="primary" disabled={create.isPending || !name.trim()}>
              Create key
            </Button>
          </div>
        </form>
        {create.error ? (
          <p className="form-error" role="alert">
            {create.error.message}
          </p>
        ) : null}
        {secret ? (
          <div role="status">
            <p className="notice notice-warning">Copy the key “{secret.name}” now: it is shown only once.</p>
            <div className="secret-box">
              <code aria-label="New API key">{secret.value}</code>
              <Button
                size="sm"
                onClick={() =>
                  void navigator.clipboard?.writeText(secret.value).then(
                    () => setCopied(true),
                    () => setCopied(false),
                  )
                }
              >
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
          </div>
        ) : null}
      </Card>

      <Card>
        <CardHeader title="Keys" />
        {keys.isPending ? (
          <p className="muted">Loading…</p>
        ) : keys.error ? (
          <p className="form-error" role="alert">
            {keys.error.message}
          </p>
        ) : keys.data.length === 0 ? (
          <p className="muted">No keys yet.</p>
        ) : (
          <table className="data-table" aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.role}</td>
                  <td>
                    {formatDateTime(k.createdAt, browserTimeZone(), locale)} by {k.createdBy}
                  </td>
                  <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, browserTimeZone(), locale) : "Never"}</td>
                  <td>{k.revokedAt ? <Badge tone="danger">Revoked</Badge> : <Badge tone="success">Active</Badge>}</td>
                  <td>
                    {k.revokedAt ? null : (
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Revoke ${k.name}`}
                        disabled={revoke.isPending && revoke.variables === k.id}
                        onClick={() => {
                          if (window.confirm(`Revoke “${k.name}”? Requests with it stop working at once.`))
                            revoke.mutate(k.id);
                        }}
                      >
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {revoke.error ? (
          <p className="form-error" role="alert">
            {revoke.error.message}
          </p>
        ) : null}
      </Card>
    </div>
  );
}
