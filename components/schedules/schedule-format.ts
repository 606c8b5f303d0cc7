import type {
  DeliveryKind,
  DeliveryStatus,
  RunStatus,
  RunTrigger,
  ScheduleFormat,
} from "@/components/hooks/schedule-queries";
import type { BadgeTone } from "@/components/ui/badge";
import { formatWeekdayTime } from "@/lib/format/dates";

export const FORMAT_LABELS: Record<ScheduleFormat, string> = {
  pdf: "PDF",
  csv: "CSV",
  xlsx: "XLSX",
  json: "JSON",
  parquet: "Parquet",
};

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  running: "Running",
  retrying: "Retrying",
  succeeded: "Succeeded",
  partial: "Partly delivered",
  failed: "Failed",
  skipped: "Skipped",
};

export const RUN_STATUS_TONES: Record<RunStatus, BadgeTone> = {
  running: "info",
  retrying: "warning",
  succeeded: "success",
  partial: "warning",
  failed: "danger",
  skipped: "neutral",
};

export const TRIGGER_LABELS: Record<RunTrigger, string> = {
  schedule: "Scheduled",
  manual: "Run now",
  catch_up: "Catch-up",
};

export const DELIVERY_KIND_LABELS: Record<DeliveryKind, string> = {
  email: "E-mail",
  s3: "Bucket",
  webhook: "Webhook",
};

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: "Pending",
  sent: "Sent",
  failed: "Failed",
  rejected: "Rejected",
};

export const DELIVERY_STATUS_TONES: Record<DeliveryStatus, BadgeTone> = {
  pending: "info",
  sent: "success",
  failed: "danger",
  rejected: "danger",
};

function isRunStatus(value: string): value is RunStatus {
  return Object.hasOwn(RUN_STATUS_LABELS, value);
}

/** A status the server may grow without the UI knowing it yet still gets a readable badge. */
export function runStatusBadge(status: string): { label: string; tone: BadgeTone } {
  if (isRunStatus(status)) return { label: RUN_STATUS_LABELS[status], tone: RUN_STATUS_TONES[status] };
  return { label: status.charAt(0).toUpperCase() + status.slice(1).replaceAll("_", " "), tone: "neutral" };
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "Mon, Nov 23, 9:00 AM" in the given zone (no year: runs shown are the next few, or recent). */
export function formatInstant(iso: string, timeZone: string, locale?: string): string {
  return formatWeekdayTime(iso, timeZone, locale);
}

/** "Mon, Nov 23, 9:00 AM EST": with the zone's abbreviation, for the viewer's own zone. */
export function formatInstantWithZone(iso: string, timeZone: string, locale?: string): string {
  return formatWeekdayTime(iso, timeZone, locale, true);
}

/** Whether two zones show the same wall-clock time at this instant (then one line says it all). */
export function sameWallClock(iso: string, a: string, b: string): boolean {
  // Compared in one fixed locale: only the wall clock matters, not how it is written.
  return a === b || formatInstant(iso, a) === formatInstant(iso, b);
}
