import "server-only";
import { db } from "../db";
import { sendEmail, type EmailAttachment } from "../email/send";
import { logEvent } from "../log";
import type { RunRecord } from "./claim";
import type { DestinationRecord } from "./destinations";
import { parseList } from "./service";
import { runSettings } from "./settings";
import type { DeliveryStatus } from "./types";

export const jitter = (ms: number) => Math.round(ms * (0.5 + Math.random()));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One delivery row per e-mail recipient and per active destination; on a later attempt the
 * existing rows (and their outcomes) stand, so only what has not been delivered is tried again.
 */
export async function ensureDeliveries(run: RunRecord, destinations: DestinationRecord[]) {
  const wanted = [
    ...parseList<string>(run.schedule.recipients).map((recipient) => ({
      recipient,
      kind: "email",
      destinationId: null as string | null,
    })),
    ...destinations.map((d) => ({ recipient: `${d.kind}:${d.id}`, kind: d.kind, destinationId: d.id })),
  ];
  const existing = run.attempts > 1 ? await db.delivery.findMany({ where: { runId: run.id } }) : [];
  const missing = wanted.filter((w) => !existing.some((d) => d.recipient === w.recipient));
  if (missing.length === 0) return existing;
  const created = await db.delivery.createManyAndReturn({
    data: missing.map((w) => ({
      runId: run.id,
      workspaceId: run.workspaceId,
      ...w,
      idempotencyKey: `${run.id}:${w.recipient}`,
    })),
  });
  return [...existing, ...created];
}

export type DeliveryRecord = Awaited<ReturnType<typeof ensureDeliveries>>[number];

/** What one successful try reports: the provider's id, and what was delivered in words. */
export interface Delivered {
  providerId?: string;
  detail?: string;
}

/**
 * Delivers once with in-run retries (backoff with jitter) for transient failures, whatever
 * the destination: a failure whose `transient` is false is not tried again. Success is
 * recorded only over a row that is not yet sent, so a run records at most one per delivery.
 */
export async function attemptDelivery(
  delivery: DeliveryRecord,
  send: () => Promise<Delivered>,
): Promise<DeliveryStatus> {
  const settings = runSettings();
  let attempts = delivery.attempts;
  for (let attempt = 1; attempt <= settings.sendAttempts; attempt++) {
    attempts += 1;
    try {
      const done = await send();
      await db.delivery.updateMany({
        where: { id: delivery.id, status: { not: "sent" } },
        data: {
          status: "sent",
          attempts,
          providerId: done.providerId ?? null,
          detail: done.detail ?? null,
          sentAt: new Date(),
          lastError: null,
        },
      });
      logEvent("delivery.sent", { delivery: delivery.id, run: delivery.runId, kind: delivery.kind, attempts });
      return "sent";
    } catch (error) {
      const flagged = (error as { transient?: unknown }).transient;
      const transient = typeof flagged === "boolean" ? flagged : true;
      const message = (error as Error).message.slice(0, 500);
      const last = !transient || attempt === settings.sendAttempts;
      await db.delivery.updateMany({
        where: { id: delivery.id, status: { not: "sent" } },
        data: { status: transient ? "failed" : "rejected", attempts, lastError: message },
      });
      logEvent(
        last ? "delivery.failed" : "delivery.retry",
        {
          delivery: delivery.id,
          run: delivery.runId,
          kind: delivery.kind,
          attempt: attempts,
          transient,
          status: (error as { status?: number }).status ?? null,
          error: message,
        },
        "warn",
      );
      if (!transient) return "rejected";
      if (last) return "failed";
      await sleep(jitter(settings.sendBackoffMs * 2 ** (attempt - 1)));
    }
  }
  return "failed";
}

/** Sends the run's e-mail to one recipient; the idempotency key makes a repeat a no-op at the service. */
export function deliver(
  delivery: DeliveryRecord,
  email: { subject: string; html: string; text: string; attachments: EmailAttachment[]; secretLinks: string[] },
  workspaceId: string,
): Promise<DeliveryStatus> {
  return attemptDelivery(delivery, async () => {
    const sent = await sendEmail({
      workspaceId,
      to: delivery.recipient,
      idempotencyKey: delivery.idempotencyKey,
      ...email,
    });
    return { providerId: sent.id, detail: `E-mail via ${sent.transport}` };
  });
}
