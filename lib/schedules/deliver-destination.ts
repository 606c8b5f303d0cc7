import "server-only";
import { db } from "../db";
import type { RunRecord } from "./claim";
import { deliverToBucket, type KeyValues, type RunFile } from "./destination-s3";
import { postWebhook } from "./destination-webhook";
import { settingsOf, type DestinationRecord, type S3Settings, type WebhookSettings } from "./destinations";
import { attemptDelivery, type DeliveryRecord } from "./deliver";
import { runSettings } from "./settings";
import type { DeliveryStatus } from "./types";

// Delivering a run to a bucket or a webhook, and what repeated failures of one destination
// do: its owner hears of it, and it is paused on its own while the schedule's other
// destinations go on.

export interface DestinationContext {
  files: () => Promise<RunFile[]>;
  keys: KeyValues;
  /** The webhook body for a delivery id. */
  event: (deliveryId: string) => object;
}

/** How a destination is named in the run history and in alerts. */
export function destinationLabel(d: Pick<DestinationRecord, "kind" | "settings">): string {
  if (d.kind === "s3") {
    const s = settingsOf<S3Settings>(d as DestinationRecord);
    return `s3://${s.bucket}/${s.keyPrefix}`;
  }
  return settingsOf<WebhookSettings>(d as DestinationRecord).url;
}

export async function deliverToDestination(
  delivery: DeliveryRecord,
  destination: DestinationRecord | undefined,
  ctx: DestinationContext,
): Promise<DeliveryStatus> {
  if (!destination) {
    await db.delivery.updateMany({
      where: { id: delivery.id, status: { not: "sent" } },
      data: { status: "rejected", lastError: "The destination was removed from the schedule." },
    });
    return "rejected";
  }
  if (destination.kind === "s3") {
    const { bucket } = settingsOf<S3Settings>(destination);
    return attemptDelivery(delivery, async () => {
      const keys = await deliverToBucket(destination, await ctx.files(), ctx.keys);
      return { detail: keys.map((k) => `s3://${bucket}/${k}`).join("\n") };
    });
  }
  // The delivery's id is the webhook-id of every attempt: what the receiver de-duplicates on.
  return attemptDelivery(delivery, async () => ({
    providerId: delivery.id,
    detail: `${await postWebhook(destination, delivery.id, ctx.event(delivery.id))} · webhook-id ${delivery.id}`,
  }));
}

export interface DestinationProblem {
  label: string;
  error: string;
  paused: boolean;
}

/**
 * After a run's outcome: each destination that delivered starts its failure count again;
 * each that did not counts one more failed run, and is paused once it reaches the
 * schedule's pause threshold.
 */
export async function settleDestinations(run: RunRecord): Promise<DestinationProblem[]> {
  const deliveries = await db.delivery.findMany({
    where: { runId: run.id, kind: { not: "email" }, destinationId: { not: null } },
    include: { destination: true },
  });
  const problems: DestinationProblem[] = [];
  const pauseAfter = runSettings().pauseAfter;
  for (const delivery of deliveries) {
    const d = delivery.destination;
    if (!d) continue;
    if (delivery.status === "sent") {
      if (d.consecutiveFailures > 0)
        await db.scheduleDestination.update({ where: { id: d.id }, data: { consecutiveFailures: 0 } });
      continue;
    }
    const failures = d.consecutiveFailures + 1;
    const paused = d.active && failures >= pauseAfter;
    const error = delivery.lastError ?? "It was not delivered.";
    await db.scheduleDestination.update({
      where: { id: d.id },
      data: {
        consecutiveFailures: failures,
        ...(paused
          ? { active: false, pausedReason: `Paused after ${failures} failed runs in a row. Last error: ${error}` }
          : {}),
      },
    });
    problems.push({ label: `${d.kind === "s3" ? "Bucket" : "Webhook"} ${destinationLabel(d)}`, error, paused });
  }
  return problems;
}
