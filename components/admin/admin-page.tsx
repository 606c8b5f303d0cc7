"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/hooks/queries";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { AccountSummary } from "@/lib/accounts/accounts";
import type { InstanceAuditRow } from "@/lib/instance/audit";
import { InstanceSettingsCard } from "./instance-settings-card";

const keys = { accounts: ["admin", "accounts"] as const, audit: ["admin", "audit"] as const };

/** Instance administration: mail status, accounts, and the instance audit trail. */
export function AdminPage(props: {
  userId: string;
  mailTransport: string;
  mailWarning: string | null;
  mailDelivers: boolean;
}) {
  const client = useQueryClient();
  const accounts = useQuery({
    queryKey: keys.accounts,
    queryFn: () => fetchJson<{ accounts: AccountSummary[] }>("/api/admin/accounts").then((r) => r.accounts),
  });
  const audit = useQuery({
    queryKey: keys.audit,
    queryFn: () => fetchJson<{ events: InstanceAuditRow[] }>("/api/admin/audit?limit=100").then((r) => r.events),
  });
  const [error, setError] = useState<string | null>(null);

  async function change(id: string, body: { active?: boolean; instanceAdmin?: boolean }) {
    setError(null);
    try {
      await fetchJson(`/api/admin/accounts/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(body) });
    } catch (e) {
      setError((e as Error).message);
    }
    await client.invalidateQueries({ queryKey: ["admin"] });
  }

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 20 }}>
      <header className="page-header">
        <h1 className="page-title">Instance admin</h1>
      </header>
      <Card>
        <CardHeader title="Mail" description={`Transport: ${props.mailTransport}`} />
        {props.mailWarning ? (
          <p className="notice notice-warning" role="alert">
            {props.mailWarning}
          </p>
        ) : (
          <p className="muted">E-mails (invites, password resets, schedules) are sent through this transport.</p>
        )}
      </Card>
      <InstanceSettingsCard mailDelivers={props.mailDelivers} />
      <Card>
        <CardHeader
          title="Accounts"
          description="Deactivating an account stops its sign-in, sessions and API keys at once."
        />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Status</th>
                <th className="num">Workspaces</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(accounts.data ?? []).map((a) => (
                <tr key={a.id}>
                  <td>{a.name}</td>
                  <td>{a.email}</td>
                  <td>
                    {a.active ? <Badge>active</Badge> : <Badge>deactivated</Badge>}{" "}
                    {a.instanceAdmin ? <Badge>instance admin</Badge> : null}
                  </td>
                  <td className="num">{a.workspaces}</td>
                  <td style={{ whiteSpace: "nowrap", textAlign: "right" }}>
                    {a.id === props.userId ? (
                      <span className="muted">You</span>
                    ) : (
                      <>
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => change(a.id, { instanceAdmin: !a.instanceAdmin })}
                        >
                          {a.instanceAdmin ? "Remove admin" : "Make admin"}
                        </Button>
                        <Button size="sm" onClick={() => change(a.id, { active: !a.active })}>
                          {a.active ? "Deactivate" : "Reactivate"}
                        </Button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card>
        <CardHeader
          title="Audit trail"
          description="Setup, sign-ins, accounts, instance settings and workspace deletions; the latest 100."
          actions={
            <a className={buttonClassName("secondary", "sm")} href="/api/admin/audit/export" download>
              Export CSV
            </a>
          }
        />
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th>Actor</th>
                <th>Action</th>
                <th>Entity</th>
                <th>Address</th>
              </tr>
            </thead>
            <tbody>
              {(audit.data ?? []).map((e) => (
                <tr key={e.id}>
                  <td style={{ whiteSpace: "nowrap" }}>{e.occurredAt.replace("T", " ").slice(0, 19)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.entity}</td>
                  <td>{e.ip ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
