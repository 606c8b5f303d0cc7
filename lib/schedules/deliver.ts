import "server-only";
import { db } from "../db";
import { EmailError, sendEmail, type EmailAttachment } from "../email/send";
import { logEvent } from "../log";
import type { RunRecord } from "./claim";
import { parseList } from "./service";
import { runSettings } from "./settings";
import type { DeliveryStatus } from "./types";

export const jitter = (ms: number) => Math.round(ms * (0.5 + Math.random()));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One delivery row per recipient; on a later attempt the existing rows (and their outcomes) stand. */
export async function ensureDeliveries(run: RunRecord) {
  const recipients = parseList<string>(run.schedule.recipients);
  const existing = run.attempts > 1 ? await db.delivery.findMany({ where: { runId: run.id } }) : [];
  const missing = recipients.filter((r) => !existing.some((d) => d.recipient === r));
  if (missing.length === 0) return existing;
  const created = await db.delivery.createManyAndReturn({
    data: missing.map((recipient) => ({
      runId: run.id,
      workspaceId: run.workspaceId,
      recipient,
      idempotencyKey: `${run.id}:${recipient}`,
    })),
  });
  return [...existing, ...created];
}

export type DeliveryRecord = Awaited<ReturnType<typeof ensureDeliveries>>[number];

/** Sends to one recipient with in-run retries for transient failures; never twice once sent. */
export async function deliver(
  delivery: DeliveryRecord,
  email: { subject: string; html: string; text: string; attachments: EmailAttachment[]; secretLinks: string[] },
  workspaceId: string,
): Promise<DeliveryStatus> {
  const settings = runSettings();
  let attempts = delivery.attempts;
  for (let attempt = 1; attempt <= settings.sendAttempts; attempt++) {
    attempts += 1;
    try {
      const sent = await sendEmail({
        workspaceId,
        to: delivery.recipient,
        idempotencyKey: delivery.idempotencyKey,
        ...email,
      });
      await db.delivery.update({
        where: { id: delivery.id },
        data: { status: "sent", attempts, providerId: sent.id, sentAt: new Date(), lastError: null },
      });
      logEvent("delivery.sent", { delivery: delivery.id, run: delivery.runId, attempts, transport: sent.transport });
      return "sent";
    } catch (error) {
      const transient = error instanceof EmailError ? error.transient : true;
      const message = (error as Error).message.slice(0, 500);
      const last = !transient || attempt === settings.sendAttempts;
      await db.delivery.update({
        where: { id: delivery.id },
        data: { status: transient ? "failed" : "rejected", attempts, lastError: message },
      });
      logEvent(
        last ? "delivery.failed" : "delivery.retry",
        {
          delivery: delivery.id,
          run: delivery.runId,
          attempt: attempts,
          transient,
          status: (error as EmailError).status ?? null,
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
