export const SCHEDULE_FORMATS = ["pdf", "csv", "xlsx", "json", "parquet"] as const;
export type ScheduleFormat = (typeof SCHEDULE_FORMATS)[number];
export const DELIVERY_MODES = ["attachment", "link"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export const RUN_STATUSES = ["running", "retrying", "succeeded", "partial", "failed", "skipped"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type RunTrigger = "schedule" | "manual" | "catch_up";
export type DeliveryStatus = "pending" | "sent" | "failed" | "rejected";
export const DESTINATION_KINDS = ["s3", "webhook"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];
export type DeliveryKind = "email" | DestinationKind;
export const S3_ENCRYPTION = ["none", "AES256", "aws:kms"] as const;
export type S3Encryption = (typeof S3_ENCRYPTION)[number];
/** Placeholders a bucket key prefix may hold. */
export const KEY_PLACEHOLDERS = ["schedule", "report", "date", "format"] as const;

export interface S3DestinationView {
  id: string;
  kind: "s3";
  bucket: string;
  region: string;
  endpoint: string | null;
  forcePathStyle: boolean;
  keyPrefix: string;
  accessKeyId: string;
  /** The secret key is never returned; this tells whether one is saved. */
  hasSecret: boolean;
  sse: S3Encryption;
  kmsKeyId: string | null;
  active: boolean;
  pausedReason: string | null;
  consecutiveFailures: number;
}

export interface WebhookDestinationView {
  id: string;
  kind: "webhook";
  url: string;
  /** A short hash of the signing secret (not the secret), to tell a rotation happened. */
  secretFingerprint: string | null;
  active: boolean;
  pausedReason: string | null;
  consecutiveFailures: number;
}

export type DestinationView = S3DestinationView | WebhookDestinationView;

export const DEFAULT_SUBJECT = "{{report}} — {{date}}";

export interface ScheduleView {
  id: string;
  name: string;
  reportId: string;
  reportName: string;
  cron: string;
  timezone: string;
  /** The schedule in words, e.g. "At 09:00, Monday through Friday". */
  description: string;
  formats: ScheduleFormat[];
  delivery: DeliveryMode;
  recipients: string[];
  /** Buckets and webhooks the schedule delivers to besides its e-mail recipients. */
  destinations: DestinationView[];
  subjectTemplate: string;
  skipIfEmpty: boolean;
  active: boolean;
  pausedReason: string | null;
  consecutiveFailures: number;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastRunStatus: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RunView {
  id: string;
  scheduledFor: string;
  trigger: RunTrigger;
  late: boolean;
  status: RunStatus;
  attempts: number;
  rowCount: number | null;
  errorMessage: string | null;
  startedAt: string;
  finishedAt: string | null;
  exports: { id: string; format: ScheduleFormat; status: string; byteSize: number | null }[];
  deliveries: {
    id: string;
    kind: DeliveryKind;
    /** The e-mail address, bucket location or webhook URL. */
    recipient: string;
    /** What was delivered: the bucket keys written, the webhook's answer. */
    detail: string | null;
    status: DeliveryStatus;
    attempts: number;
    lastError: string | null;
    sentAt: string | null;
  }[];
}
