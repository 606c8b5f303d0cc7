"use client";

import { useState, type ReactNode } from "react";
import {
  useRotateWebhookSecret,
  useTestDestination,
  type Destination,
  type DestinationPayload,
  type NewSecrets,
  type S3Encryption,
} from "@/components/hooks/schedule-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import styles from "./schedules.module.css";

/** One destination as the form edits it; `id` once it is saved. */
export interface DestinationDraft {
  key: string;
  id?: string;
  kind: "s3" | "webhook";
  bucket: string;
  region: string;
  endpoint: string;
  forcePathStyle: boolean;
  keyPrefix: string;
  accessKeyId: string;
  /** Empty: keep the saved secret. */
  secretAccessKey: string;
  hasSecret: boolean;
  sse: S3Encryption;
  kmsKeyId: string;
  url: string;
  active: boolean;
  pausedReason: string | null;
}

let counter = 0;
const nextKey = () => `d${++counter}`;

export function newDraft(kind: DestinationDraft["kind"]): DestinationDraft {
  return {
    key: nextKey(),
    kind,
    bucket: "",
    region: "us-east-1",
    endpoint: "",
    forcePathStyle: false,
    keyPrefix: "chartroom/{schedule}/{date}/",
    accessKeyId: "",
    secretAccessKey: "",
    hasSecret: false,
    sse: "none",
    kmsKeyId: "",
    url: "",
    active: true,
    pausedReason: null,
  };
}

export function draftsOf(destinations: Destination[]): DestinationDraft[] {
  return destinations.map((d) =>
    d.kind === "s3"
      ? {
          ...newDraft("s3"),
          ...d,
          endpoint: d.endpoint ?? "",
          kmsKeyId: d.kmsKeyId ?? "",
          secretAccessKey: "",
        }
      : { ...newDraft("webhook"), id: d.id, url: d.url, active: d.active, pausedReason: d.pausedReason },
  );
}

export function payloadOf(drafts: DestinationDraft[]): DestinationPayload[] {
  return drafts.map((d) =>
    d.kind === "s3"
      ? {
          id: d.id,
          kind: "s3",
          bucket: d.bucket.trim(),
          region: d.region.trim() || "us-east-1",
          endpoint: d.endpoint.trim() || null,
          forcePathStyle: d.forcePathStyle,
          keyPrefix: d.keyPrefix.trim(),
          accessKeyId: d.accessKeyId.trim(),
          ...(d.secretAccessKey ? { secretAccessKey: d.secretAccessKey } : {}),
          sse: d.sse,
          kmsKeyId: d.sse === "aws:kms" ? d.kmsKeyId.trim() || null : null,
          active: d.active,
        }
      : { id: d.id, kind: "webhook", url: d.url.trim(), active: d.active },
  );
}

/** Problems the form can see before saving, by `destinations.<i>.<field>`. */
export function draftErrors(drafts: DestinationDraft[]): Record<string, string> {
  const errors: Record<string, string> = {};
  drafts.forEach((d, i) => {
    if (d.kind === "webhook" && !/^https?:\/\/\S+$/.test(d.url.trim()))
      errors[`destinations.${i}.url`] = "Enter the webhook's http(s) URL.";
    if (d.kind === "s3") {
      if (!d.bucket.trim()) errors[`destinations.${i}.bucket`] = "Enter the bucket's name.";
      if (!d.accessKeyId.trim()) errors[`destinations.${i}.accessKeyId`] = "Enter the access key id.";
      if (!d.id && !d.secretAccessKey) errors[`destinations.${i}.secretAccessKey`] = "Enter the secret access key.";
    }
  });
  return errors;
}

const ENCRYPTION_LABELS: Record<S3Encryption, string> = {
  none: "None (the bucket's default)",
  AES256: "SSE-S3 (AES-256)",
  "aws:kms": "SSE-KMS",
};

export function DestinationsFields(props: {
  idPrefix: string;
  drafts: DestinationDraft[];
  onChange: (drafts: DestinationDraft[]) => void;
  errors: Partial<Record<string, string>>;
  scheduleId: string | null;
}) {
  const { drafts, onChange } = props;
  const update = (key: string, changes: Partial<DestinationDraft>) =>
    onChange(drafts.map((d) => (d.key === key ? { ...d, ...changes } : d)));
  return (
    <fieldset className={cx("builder-fieldset", styles.group)}>
      <legend className="builder-legend">Other destinations</legend>
      <p className="muted">
        Besides e-mail, each run can write its files to an S3-compatible bucket and tell a webhook, with signed download
        links. Each destination is retried on its own.
      </p>
      {drafts.map((d, i) => (
        <section key={d.key} className={styles.destination} aria-label={d.kind === "s3" ? "S3 bucket" : "Webhook"}>
          <div className={styles.destinationHead}>
            <h3 className={styles.destinationTitle}>{d.kind === "s3" ? "S3 bucket" : "Webhook"}</h3>
            {d.id && !d.active ? <Badge tone="warning">Paused</Badge> : null}
            <Button size="sm" variant="ghost" onClick={() => onChange(drafts.filter((x) => x.key !== d.key))}>
              Remove
            </Button>
          </div>
          {d.pausedReason ? <p className="muted">{d.pausedReason}</p> : null}
          {d.kind === "s3" ? (
            <S3Fields id={`${props.idPrefix}-d${i}`} draft={d} index={i} errors={props.errors} update={update} />
          ) : (
            <TextField
              id={`${props.idPrefix}-d${i}-url`}
              label="Webhook URL"
              value={d.url}
              error={props.errors[`destinations.${i}.url`]}
              onChange={(url) => update(d.key, { url })}
              hint="Receives a signed JSON POST per run (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature)."
            />
          )}
          {d.id && !d.active ? (
            <label className="check-label">
              <input type="checkbox" checked={d.active} onChange={(e) => update(d.key, { active: e.target.checked })} />
              Resume this destination
            </label>
          ) : null}
          {d.id && props.scheduleId ? (
            <div className={styles.destinationActions}>
              <TestButton scheduleId={props.scheduleId} target={d.id} />
              {d.kind === "webhook" ? <RotateSecret scheduleId={props.scheduleId} destinationId={d.id} /> : null}
            </div>
          ) : (
            <p className="muted">Save the schedule to send a test.</p>
          )}
        </section>
      ))}
      <div className={styles.destinationActions}>
        <Button size="sm" onClick={() => onChange([...drafts, newDraft("s3")])}>
          Add S3 bucket
        </Button>
        <Button size="sm" onClick={() => onChange([...drafts, newDraft("webhook")])}>
          Add webhook
        </Button>
      </div>
    </fieldset>
  );
}

function S3Fields(props: {
  id: string;
  draft: DestinationDraft;
  index: number;
  errors: Partial<Record<string, string>>;
  update: (key: string, changes: Partial<DestinationDraft>) => void;
}) {
  const { draft: d, id } = props;
  const set = (changes: Partial<DestinationDraft>) => props.update(d.key, changes);
  const error = (field: string) => props.errors[`destinations.${props.index}.${field}`];
  return (
    <>
      <div className={styles.row}>
        <TextField
          id={`${id}-bucket`}
          label="Bucket"
          value={d.bucket}
          error={error("bucket")}
          onChange={(bucket) => set({ bucket })}
        />
        <TextField
          id={`${id}-region`}
          label="Region"
          value={d.region}
          error={error("region")}
          onChange={(region) => set({ region })}
        />
      </div>
      <TextField
        id={`${id}-prefix`}
        label="Key prefix"
        value={d.keyPrefix}
        error={error("keyPrefix")}
        onChange={(keyPrefix) => set({ keyPrefix })}
        hint="Placeholders: {schedule}, {report}, {date} (in the schedule's time zone), {format}. The file name follows."
        mono
      />
      <TextField
        id={`${id}-endpoint`}
        label="Endpoint (S3-compatible services; empty for AWS)"
        value={d.endpoint}
        error={error("endpoint")}
        onChange={(endpoint) => set({ endpoint })}
      />
      <label className="check-label">
        <input type="checkbox" checked={d.forcePathStyle} onChange={(e) => set({ forcePathStyle: e.target.checked })} />
        Path-style addressing (MinIO and most self-hosted services)
      </label>
      <div className={styles.row}>
        <TextField
          id={`${id}-key`}
          label="Access key id"
          value={d.accessKeyId}
          error={error("accessKeyId")}
          onChange={(accessKeyId) => set({ accessKeyId })}
        />
        <TextField
          id={`${id}-secret`}
          label="Secret access key"
          type="password"
          value={d.secretAccessKey}
          error={error("secretAccessKey")}
          onChange={(secretAccessKey) => set({ secretAccessKey })}
          placeholder={d.hasSecret ? "Saved — type to replace" : ""}
        />
      </div>
      <div className={styles.row}>
        <div className={cx("field", styles.field)}>
          <label className="label" htmlFor={`${id}-sse`}>
            Server-side encryption
          </label>
          <Select id={`${id}-sse`} value={d.sse} onChange={(e) => set({ sse: e.target.value as S3Encryption })}>
            {Object.entries(ENCRYPTION_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
        {d.sse === "aws:kms" ? (
          <TextField
            id={`${id}-kms`}
            label="KMS key id"
            value={d.kmsKeyId}
            error={error("kmsKeyId")}
            onChange={(kmsKeyId) => set({ kmsKeyId })}
          />
        ) : null}
      </div>
    </>
  );
}

function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  type?: string;
  placeholder?: string;
  mono?: boolean;
}) {
  const described = [props.hint ? `${props.id}-hint` : "", props.error ? `${props.id}-error` : ""].filter(Boolean);
  return (
    <div className={cx("field", styles.field)}>
      <label className="label" htmlFor={props.id}>
        {props.label}
      </label>
      <Input
        id={props.id}
        type={props.type ?? "text"}
        className={props.mono ? styles.mono : undefined}
        value={props.value}
        placeholder={props.placeholder}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described.length ? described.join(" ") : undefined}
      />
      {props.hint ? (
        <p id={`${props.id}-hint`} className="muted">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${props.id}-error`} className="field-error" data-field-error="">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** "Send test" for e-mail ("email") or a saved destination, with its outcome beside it. */
export function TestButton(props: { scheduleId: string; target: string; label?: string }) {
  const test = useTestDestination(props.scheduleId);
  const result = test.data ?? (test.error ? { ok: false, message: test.error.message } : null);
  return (
    <div className={styles.testResult}>
      <Button size="sm" onClick={() => test.mutate(props.target)} aria-disabled={test.isPending}>
        {test.isPending ? "Sending…" : (props.label ?? "Send test")}
      </Button>
      <span role="status" className={result ? (result.ok ? styles.testOk : styles.testFailed) : undefined}>
        {result ? `${result.ok ? "Delivered" : "Failed"}: ${result.message}` : null}
      </span>
    </div>
  );
}

function RotateSecret(props: { scheduleId: string; destinationId: string }) {
  const rotate = useRotateWebhookSecret(props.scheduleId);
  const [confirming, setConfirming] = useState(false);
  if (rotate.data) return <SecretOnce label="New signing secret" secret={rotate.data.secret} />;
  if (!confirming)
    return (
      <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>
        Rotate secret
      </Button>
    );
  return (
    <span className={styles.testResult}>
      <span className="muted">The old secret stops working at once.</span>
      <Button
        size="sm"
        variant="secondary"
        onClick={() => rotate.mutate(props.destinationId)}
        aria-disabled={rotate.isPending}
      >
        Rotate now
      </Button>
      {rotate.error ? <span className={styles.testFailed}>{rotate.error.message}</span> : null}
    </span>
  );
}

function SecretOnce(props: { label: string; secret: string }) {
  return (
    <div className={styles.secretOnce}>
      <p className="label">{props.label}</p>
      <code className={styles.mono} data-testid="webhook-secret">
        {props.secret}
      </code>
      <p className="muted">Copy it now: it is not shown again. Your receiver verifies signatures with it.</p>
    </div>
  );
}

/** After a save that created webhooks: their signing secrets, once. */
export function NewSecretsPanel(props: { secrets: NewSecrets; destinations: Destination[]; onDone: () => void }) {
  return (
    <div className={cx("notice notice-info", styles.formNotice)} role="status">
      <p>The schedule is saved. Each new webhook has a signing secret:</p>
      {props.secrets.map((s) => {
        const d = props.destinations.find((x) => x.id === s.destinationId);
        return <SecretOnce key={s.destinationId} label={d?.kind === "webhook" ? d.url : "Webhook"} secret={s.secret} />;
      })}
      <Button variant="primary" onClick={props.onDone}>
        Done
      </Button>
    </div>
  );
}
