"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useUpdateSettings, useWorkspaceSettings, type SettingsChange } from "@/components/hooks/settings-queries";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SUPPORTED_LOCALES } from "@/lib/format/locales";
import { hasRole, type Role } from "@/lib/roles";
import type { WorkspaceSettings } from "@/lib/workspaces";
import { DangerZone } from "./workspace-danger-zone";
import { LogoCard } from "./workspace-logo-card";
import { TimeZonePicker } from "./time-zone-picker";

interface Draft {
  name: string;
  timezone: string;
  brandColor: string;
  locale: string;
  domains: string;
}

const draftOf = (s: WorkspaceSettings): Draft => ({
  name: s.name,
  timezone: s.timezone,
  brandColor: s.brandColor,
  locale: s.locale,
  domains: s.allowedEmailDomains.join("\n"),
});

/** Only what differs from the saved settings is sent, so the audit trail names real changes. */
function changesOf(draft: Draft, saved: WorkspaceSettings): SettingsChange {
  const domains = draft.domains
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  const change: SettingsChange = {};
  if (draft.name.trim() !== saved.name) change.name = draft.name.trim();
  if (draft.timezone !== saved.timezone) change.timezone = draft.timezone;
  if (draft.brandColor.toLowerCase() !== saved.brandColor.toLowerCase()) change.brandColor = draft.brandColor;
  if (draft.locale !== saved.locale) change.locale = draft.locale as WorkspaceSettings["locale"];
  if (domains.join(",") !== saved.allowedEmailDomains.join(",")) change.allowedEmailDomains = domains;
  return change;
}

type Message = { tone: "error" | "ok"; text: string } | null;

export function WorkspaceSettingsPage(props: { workspaceId: string; userId: string; role: Role }) {
  const settings = useWorkspaceSettings(props.workspaceId);
  const isAdmin = hasRole(props.role, "admin");
  // Kept here, not in the form: the form starts afresh after a save, the message stays.
  const [message, setMessage] = useState<Message>(null);
  return (
    <div className="settings-page">
      <header className="page-header">
        <div className="page-heading">
          <h1 className="page-title">Workspace settings</h1>
          <p className="page-subtitle">
            Name, time zone, brand and locale of this workspace: they appear in its PDFs, spreadsheets and e-mails.
          </p>
        </div>
      </header>
      {!isAdmin ? (
        <p className="notice notice-info" role="status">
          Only admins and owners can change these settings; you can see them.
        </p>
      ) : null}
      {settings.isPending ? (
        <p className="muted">Loading…</p>
      ) : settings.error ? (
        <p className="form-error" role="alert">
          {settings.error.message}
        </p>
      ) : (
        <>
          {/* Keyed by the saved values: after a save the form starts again from what the server kept. */}
          <GeneralCard
            key={JSON.stringify(settings.data.settings)}
            workspaceId={props.workspaceId}
            saved={settings.data.settings}
            editable={isAdmin}
            renamable={props.role === "owner"}
            message={message}
            onMessage={setMessage}
          />
          <LogoCard
            workspaceId={props.workspaceId}
            hasLogo={settings.data.settings.hasLogo}
            brandColor={settings.data.settings.brandColor}
            editable={isAdmin}
          />
          <DangerZone
            workspaceId={props.workspaceId}
            workspaceName={settings.data.settings.name}
            userId={props.userId}
            role={props.role}
          />
        </>
      )}
    </div>
  );
}

function GeneralCard(props: {
  workspaceId: string;
  saved: WorkspaceSettings;
  editable: boolean;
  /** Only owners rename a workspace; admins change everything else here. */
  renamable: boolean;
  message: Message;
  onMessage: (message: Message) => void;
}) {
  const id = useId();
  const router = useRouter();
  const update = useUpdateSettings(props.workspaceId);
  const [draft, setDraft] = useState(() => draftOf(props.saved));
  const { message, onMessage: setMessage } = props;
  const change = changesOf(draft, props.saved);
  const dirty = Object.keys(change).length > 0;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const colorValid = /^#[0-9a-f]{6}$/i.test(draft.brandColor);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setMessage(null);
    update.mutate(change, {
      onSuccess: () => {
        setMessage({ tone: "ok", text: "Settings saved." });
        // The shell's brand colour, locale and workspace name come from the server layout.
        router.refresh();
      },
      onError: (error) => setMessage({ tone: "error", text: error.message }),
    });
  }

  return (
    <Card>
      <CardHeader title="General" />
      <form onSubmit={submit} aria-label="Workspace settings">
        <fieldset className="settings-fieldset" disabled={!props.editable || update.isPending}>
          <div className="settings-form settings-form-wide">
            <div className="field">
              <label className="label" htmlFor={`${id}-name`}>
                Name
              </label>
              <Input
                id={`${id}-name`}
                required
                maxLength={120}
                value={draft.name}
                readOnly={!props.renamable}
                className={props.editable && !props.renamable ? "input-locked" : undefined}
                aria-describedby={props.editable && !props.renamable ? `${id}-name-hint` : undefined}
                onChange={(e) => set({ name: e.target.value })}
              />
              {props.editable && !props.renamable ? (
                <p className="muted label-small settings-hint" id={`${id}-name-hint`}>
                  Only owners can rename this workspace.
                </p>
              ) : null}
            </div>
            <div className="field">
              <label className="label" htmlFor={`${id}-locale`}>
                Number and date format
              </label>
              <Select id={`${id}-locale`} value={draft.locale} onChange={(e) => set({ locale: e.target.value })}>
                {SUPPORTED_LOCALES.map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.label} ({l.code})
                  </option>
                ))}
              </Select>
            </div>
            <div className="field">
              <label className="label" htmlFor={`${id}-color`}>
                Brand colour
              </label>
              <div className="color-field">
                <input
                  type="color"
                  aria-label="Pick the brand colour"
                  className="color-swatch"
                  value={colorValid ? draft.brandColor : "#2563eb"}
                  onChange={(e) => set({ brandColor: e.target.value })}
                />
                <Input
                  id={`${id}-color`}
                  value={draft.brandColor}
                  aria-invalid={!colorValid}
                  pattern="#[0-9a-fA-F]{6}"
                  onChange={(e) => set({ brandColor: e.target.value.trim() })}
                />
              </div>
            </div>
          </div>
          <div className="settings-form settings-form-wide">
            <TimeZonePicker value={draft.timezone} onChange={(timezone) => set({ timezone })} />
            <div className="field">
              <label className="label" htmlFor={`${id}-domains`}>
                Allowed recipient domains
              </label>
              <textarea
                id={`${id}-domains`}
                className="input settings-domains"
                rows={6}
                placeholder="example.com"
                value={draft.domains}
                aria-describedby={`${id}-domains-hint`}
                onChange={(e) => set({ domains: e.target.value })}
              />
              <p className="muted label-small settings-hint" id={`${id}-domains-hint`}>
                One per line. Schedules may only e-mail addresses of these domains; leave empty to allow any.
              </p>
            </div>
          </div>
          {props.editable ? (
            <div className="settings-actions">
              <Button type="submit" variant="primary" disabled={!dirty || !colorValid || update.isPending}>
                {update.isPending ? "Saving…" : "Save settings"}
              </Button>
              {dirty ? (
                <Button variant="ghost" onClick={() => setDraft(draftOf(props.saved))}>
                  Discard changes
                </Button>
              ) : null}
            </div>
          ) : null}
        </fieldset>
      </form>
      {message ? (
        <p
          className={message.tone === "error" ? "form-error" : "notice notice-info"}
          role={message.tone === "error" ? "alert" : "status"}
        >
          {message.text}
        </p>
      ) : null}
    </Card>
  );
}
