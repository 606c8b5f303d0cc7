import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ApiError, notFound, type ErrorIssue } from "../errors";
import { db } from "../db";
import { outboundUrlProblem } from "../net/outbound";
import { fingerprint, open, seal } from "./secret-box";
import {
  KEY_PLACEHOLDERS,
  S3_ENCRYPTION,
  type DestinationKind,
  type DestinationView,
  type S3Encryption,
} from "./types";

// A schedule's destinations besides e-mail: what the API accepts, how they are saved
// (secrets sealed, never returned) and how they are shown.

export const MAX_DESTINATIONS = 10;

const s3Input = z.object({
  id: z.string().min(1).max(64).optional(),
  kind: z.literal("s3"),
  bucket: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "A bucket name is 3–63 lower-case letters, digits, dots and hyphens."),
  region: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,40}$/, "A region looks like us-east-1.")
    .default("us-east-1"),
  endpoint: z.string().trim().max(500).nullish(),
  forcePathStyle: z.boolean().default(false),
  keyPrefix: z.string().trim().max(500).default("chartroom/{schedule}/{date}/"),
  accessKeyId: z.string().trim().min(1).max(128),
  /** Required for a new bucket destination; left out on update, the saved one stays. */
  secretAccessKey: z.string().min(1).max(256).optional(),
  sse: z.enum(S3_ENCRYPTION).default("none"),
  kmsKeyId: z.string().trim().max(2048).nullish(),
  active: z.boolean().optional(),
});

const webhookInput = z.object({
  id: z.string().min(1).max(64).optional(),
  kind: z.literal("webhook"),
  url: z.string().trim().min(1).max(2000),
  active: z.boolean().optional(),
});

export const destinationsField = z.array(z.discriminatedUnion("kind", [s3Input, webhookInput])).max(MAX_DESTINATIONS);
export type DestinationInput = z.infer<typeof destinationsField>[number];

/** Settings kept in the row's JSON (no secrets). */
export interface S3Settings {
  bucket: string;
  region: string;
  endpoint: string | null;
  forcePathStyle: boolean;
  keyPrefix: string;
  accessKeyId: string;
  sse: S3Encryption;
  kmsKeyId: string | null;
}
export interface WebhookSettings {
  url: string;
  secretFingerprint: string | null;
}

export type DestinationRecord = NonNullable<Awaited<ReturnType<typeof db.scheduleDestination.findFirst>>>;

export const settingsOf = <T extends S3Settings | WebhookSettings>(d: DestinationRecord) => JSON.parse(d.settings) as T;

/** The destination's secret in clear, for the moment it is used. */
export function secretOf(d: DestinationRecord): string {
  if (!d.secretSealed) throw new ApiError("unprocessable", "This destination has no secret saved.");
  return open(d.secretSealed, d.workspaceId);
}

export function destinationView(d: DestinationRecord): DestinationView {
  const common = {
    id: d.id,
    active: d.active,
    pausedReason: d.pausedReason,
    consecutiveFailures: d.consecutiveFailures,
  };
  if (d.kind === "s3") {
    const s = settingsOf<S3Settings>(d);
    return { ...common, kind: "s3", ...s, hasSecret: d.secretSealed !== null };
  }
  const s = settingsOf<WebhookSettings>(d);
  return { ...common, kind: "webhook", url: s.url, secretFingerprint: s.secretFingerprint };
}

/** A new Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

/** Problems of each destination, each naming its field (`destinations.<i>.<field>`). */
export function destinationProblems(list: DestinationInput[], existing: DestinationRecord[]): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  list.forEach((d, i) => {
    const at = (field: string, message: string) => issues.push({ path: `destinations.${i}.${field}`, message });
    const saved = d.id ? existing.find((e) => e.id === d.id) : undefined;
    if (d.id && (!saved || saved.kind !== d.kind)) at("id", "No such destination on this schedule.");
    if (d.kind === "webhook") {
      const problem = outboundUrlProblem(d.url);
      if (problem) at("url", `The webhook URL ${problem}.`);
      return;
    }
    if (!saved && !d.secretAccessKey) at("secretAccessKey", "A new bucket destination needs its secret access key.");
    if (d.endpoint) {
      const problem = outboundUrlProblem(d.endpoint);
      if (problem) at("endpoint", `The endpoint ${problem}.`);
    }
    const unknown = [...d.keyPrefix.matchAll(/\{([^}]*)\}/g)]
      .map((m) => m[1])
      .filter((name) => !(KEY_PLACEHOLDERS as readonly string[]).includes(name));
    if (unknown.length > 0)
      at("keyPrefix", `Unknown placeholder {${unknown[0]}}; use ${KEY_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}.`);
    if (d.keyPrefix.startsWith("/") || d.keyPrefix.split("/").includes(".."))
      at("keyPrefix", "A key prefix cannot start with / or contain a .. segment.");
    if (d.sse === "aws:kms" && !d.kmsKeyId) at("kmsKeyId", "Encryption with KMS needs the KMS key id.");
  });
  return issues;
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * Makes the schedule's destinations the given list: listed ids are updated, entries
 * without one are created, the rest deleted (their past deliveries stay, unlinked).
 * Returns the signing secrets of webhooks created now: the only time they are shown.
 */
export async function saveDestinations(
  tx: Tx,
  schedule: { id: string; workspaceId: string },
  list: DestinationInput[],
): Promise<{ destinationId: string; secret: string }[]> {
  const existing = await tx.scheduleDestination.findMany({ where: { scheduleId: schedule.id } });
  const keep = new Set(list.flatMap((d) => (d.id ? [d.id] : [])));
  const gone = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
  if (gone.length) await tx.scheduleDestination.deleteMany({ where: { id: { in: gone }, scheduleId: schedule.id } });
  const secrets: { destinationId: string; secret: string }[] = [];
  for (const d of list) {
    const saved = d.id ? existing.find((e) => e.id === d.id) : undefined;
    const resume = saved && d.active === true && !saved.active ? { pausedReason: null, consecutiveFailures: 0 } : {};
    if (d.kind === "s3") {
      const settings: S3Settings = {
        bucket: d.bucket,
        region: d.region,
        endpoint: d.endpoint || null,
        forcePathStyle: d.forcePathStyle,
        keyPrefix: d.keyPrefix,
        accessKeyId: d.accessKeyId,
        sse: d.sse,
        kmsKeyId: d.sse === "aws:kms" ? (d.kmsKeyId ?? null) : null,
      };
      const data = {
        settings: JSON.stringify(settings),
        ...(d.secretAccessKey ? { secretSealed: seal(d.secretAccessKey, schedule.workspaceId) } : {}),
        ...(d.active !== undefined ? { active: d.active } : {}),
        ...resume,
      };
      if (saved) await tx.scheduleDestination.update({ where: { id: saved.id }, data });
      else
        await tx.scheduleDestination.create({
          data: { ...data, kind: "s3", scheduleId: schedule.id, workspaceId: schedule.workspaceId },
        });
      continue;
    }
    if (saved) {
      const previous = settingsOf<WebhookSettings>(saved);
      await tx.scheduleDestination.update({
        where: { id: saved.id },
        data: {
          settings: JSON.stringify({ ...previous, url: d.url }),
          ...(d.active !== undefined ? { active: d.active } : {}),
          ...resume,
        },
      });
      continue;
    }
    const secret = newWebhookSecret();
    const created = await tx.scheduleDestination.create({
      data: {
        kind: "webhook",
        scheduleId: schedule.id,
        workspaceId: schedule.workspaceId,
        settings: JSON.stringify({ url: d.url, secretFingerprint: fingerprint(secret) } satisfies WebhookSettings),
        secretSealed: seal(secret, schedule.workspaceId),
        active: d.active ?? true,
      },
    });
    secrets.push({ destinationId: created.id, secret });
  }
  return secrets;
}

export async function findDestination(workspaceId: string, scheduleId: string, id: string, kind?: DestinationKind) {
  const d = await db.scheduleDestination.findFirst({ where: { id, scheduleId, workspaceId } });
  if (!d || (kind && d.kind !== kind)) throw notFound("Destination");
  return d;
}

/** A new signing secret for a webhook; the old one stops working at once. Shown only in this answer. */
export async function rotateWebhookSecret(workspaceId: string, scheduleId: string, id: string) {
  const d = await findDestination(workspaceId, scheduleId, id, "webhook");
  const secret = newWebhookSecret();
  const settings = { ...settingsOf<WebhookSettings>(d), secretFingerprint: fingerprint(secret) };
  const updated = await db.scheduleDestination.update({
    where: { id: d.id },
    data: { settings: JSON.stringify(settings), secretSealed: seal(secret, workspaceId) },
  });
  return { destination: destinationView(updated), secret };
}
