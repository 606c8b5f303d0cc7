export const SCHEDULE_FORMATS = ["pdf", "csv", "xlsx", "json"] as const;
export type ScheduleFormat = (typeof SCHEDULE_FORMATS)[number];
export const DELIVERY_MODES = ["attachment", "link"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export const RUN_STATUSES = ["running", "retrying", "succeeded", "partial", "failed", "skipped"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type RunTrigger = "schedule" | "manual" | "catch_up";
export type DeliveryStatus = "pending" | "sent" | "failed" | "rejected";

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
    recipient: string;
    status: DeliveryStatus;
    attempts: number;
    lastError: string | null;
    sentAt: string | null;
  }[];
}
