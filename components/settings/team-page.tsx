"use client";

import { useId, useState } from "react";
import { formatDateTime } from "@/lib/format/dates";
import { useLocale } from "@/components/ui/locale";
import {
  useChangeRole,
  useInvite,
  useInviteLink,
  useRemoveMember,
  useRevokeInvite,
  useRotateJoinCode,
  useTeam,
} from "@/components/hooks/team-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { hasRole, isRole, ROLES, type Role } from "@/lib/roles";
import { INVITE_ROLES, type InviteSummary } from "@/lib/team/schemas";

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function isInviteRole(value: string): value is InviteSummary["role"] {
  return (INVITE_ROLES as readonly string[]).includes(value);
}

export function TeamPage(props: { workspaceId: string; userId: string; role: Role }) {
  const id = useId();
  const locale = useLocale();
  const team = useTeam(props.workspaceId);
  const changeRole = useChangeRole();
  const remove = useRemoveMember();
  const invite = useInvite();
  const revokeInvite = useRevokeInvite();
  const inviteLink = useInviteLink();
  const [issuedLink, setIssuedLink] = useState<{ email: string; url: string; copied: boolean } | null>(null);
  const rotate = useRotateJoinCode();
  const [email, setEmail] = useState("");
  const [inviteRole, setInviteRole] = useState<InviteSummary["role"]>("member");
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const isAdmin = hasRole(props.role, "admin");
  const grantable = ROLES.filter((r) => hasRole(props.role, r));

  const report = (text: string) => setMessage({ tone: "ok", text });
  const fail = (error: Error) => setMessage({ tone: "error", text: error.message });

  function submitInvite(e: React.FormEvent) {
    e.preventDefault();
    setMessage(null);
    invite.mutate(
      { email, role: inviteRole },
      {
        onSuccess: (r) => {
          report(`Invite sent to ${r.invite.email}.`);
          setEmail("");
        },
        onError: fail,
      },
    );
  }

  function copyInviteLink(i: InviteSummary) {
    setMessage(null);
    setIssuedLink(null);
    inviteLink.mutate(i.id, {
      onSuccess: async ({ url }) => {
        let copied = true;
        try {
          await navigator.clipboard.writeText(url);
        } catch {
          copied = false;
        }
        setIssuedLink({ email: i.email, url, copied });
      },
      onError: fail,
    });
  }

  return (
    <div className="settings-page">
      <header className="page-header">
        <div className="page-heading">
          <h1 className="page-title">Team</h1>
          <p className="page-subtitle">Who can see and change this workspace.</p>
        </div>
      </header>

      {message ? (
        <p
          className={message.tone === "error" ? "form-error" : "notice notice-info"}
          role={message.tone === "error" ? "alert" : "status"}
        >
          {message.text}
        </p>
      ) : null}

      <Card>
        <CardHeader title="Members" />
        {team.isPending ? (
          <p className="muted">Loading…</p>
        ) : team.error ? (
          <p className="form-error" role="alert">
            {team.error.message}
          </p>
        ) : (
          <table className="data-table" aria-label="Members">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {team.data.members.map((m) => {
                const self = m.userId === props.userId;
                const editable = isAdmin && !self && (m.role !== "owner" || props.role === "owner");
                return (
                  <tr key={m.userId}>
                    <td>
                      {m.name} {self ? <Badge>you</Badge> : null}
                    </td>
                    <td>{m.email}</td>
                    <td>
                      {editable ? (
                        <Select
                          aria-label={`Role of ${m.email}`}
                          value={m.role}
                          disabled={changeRole.isPending}
                          onChange={(e) => {
                            const role = e.target.value;
                            if (!isRole(role)) return;
                            setMessage(null);
                            changeRole.mutate(
                              { userId: m.userId, role },
                              { onSuccess: () => report(`${m.email} is now ${role}.`), onError: fail },
                            );
                          }}
                        >
                          {grantable.map((r) => (
                            <option key={r} value={r}>
                              {r}
                            </option>
                          ))}
                        </Select>
                      ) : (
                        m.role
                      )}
                    </td>
                    <td>{formatDateTime(m.joinedAt, browserTimeZone(), locale)}</td>
                    <td>
                      {editable || self ? (
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={self ? "Leave workspace" : `Remove ${m.email}`}
                          onClick={() => {
                            const question = self ? "Leave this workspace?" : `Remove ${m.email} from the workspace?`;
                            if (!window.confirm(question)) return;
                            setMessage(null);
                            remove.mutate(m.userId, {
                              // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load on purpose: the layout must drop the workspace just left
                              onSuccess: () => (self ? window.location.assign("/") : report(`${m.email} was removed.`)),
                              onError: fail,
                            });
                          }}
                        >
                          {self ? "Leave" : "Remove"}
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>

      {isAdmin ? (
        <>
          <Card>
            <CardHeader
              title="Invite by e-mail"
              description="The link in the e-mail works once and expires in 7 days."
            />
            <form className="settings-form" onSubmit={submitInvite}>
              <div className="field">
                <label className="label" htmlFor={`${id}-email`}>
                  E-mail address
                </label>
                <Input
                  id={`${id}-email`}
                  type="email"
                  required
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              </div>
              <div className="field">
                <label className="label" htmlFor={`${id}-role`}>
                  Invite as
                </label>
                <Select
                  id={`${id}-role`}
                  value={inviteRole}
                  onChange={(e) => isInviteRole(e.target.value) && setInviteRole(e.target.value)}
                >
                  {INVITE_ROLES.filter((r) => hasRole(props.role, r)).map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </Select>
              </div>
              <div>
                <Button type="submit" variant="primary" disabled={invite.isPending}>
                  Send invite
                </Button>
              </div>
            </form>
            {team.data && team.data.invites.length > 0 ? (
              <table className="data-table" aria-label="Pending invites">
                <thead>
                  <tr>
                    <th scope="col">E-mail</th>
                    <th scope="col">Role</th>
                    <th scope="col">Expires</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {team.data.invites.map((i) => (
                    <tr key={i.id}>
                      <td>{i.email}</td>
                      <td>{i.role}</td>
                      <td>{formatDateTime(i.expiresAt, browserTimeZone(), locale)}</td>
                      <td>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`Copy invite link for ${i.email}`}
                          disabled={inviteLink.isPending}
                          onClick={() => copyInviteLink(i)}
                        >
                          Copy invite link
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`Withdraw invite for ${i.email}`}
                          onClick={() =>
                            revokeInvite.mutate(i.id, {
                              onSuccess: () => report(`Invite for ${i.email} withdrawn.`),
                              onError: fail,
                            })
                          }
                        >
                          Withdraw
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {issuedLink ? (
              <div className="notice notice-info" role="status" aria-label="Invite link">
                <p>
                  {issuedLink.copied ? "Link copied" : "Copy this link"} for {issuedLink.email}. It works once; the link
                  e-mailed before no longer works.
                </p>
                {issuedLink.copied ? null : (
                  <Input
                    aria-label="Invite link URL"
                    readOnly
                    value={issuedLink.url}
                    onFocus={(e) => e.currentTarget.select()}
                  />
                )}
              </div>
            ) : null}
          </Card>

          <Card>
            <CardHeader
              title="Join code"
              description="Anyone signed in who has this code can join as a member at /join. Rotate it to stop the old one working."
            />
            <div className="settings-actions">
              <code aria-label="Join code" className="join-code">
                {team.data?.joinCode ?? "No code yet"}
              </code>
              <Button
                disabled={rotate.isPending}
                onClick={() => {
                  setMessage(null);
                  rotate.mutate(undefined, {
                    onSuccess: () => report("New join code ready; the old one no longer works."),
                    onError: fail,
                  });
                }}
              >
                {team.data?.joinCode ? "Rotate code" : "Create code"}
              </Button>
            </div>
          </Card>
        </>
      ) : null}
    </div>
  );
}
