import "server-only";
import { createHmac, randomUUID } from "node:crypto";
import { OutboundError, outboundRequest } from "../net/outbound";
import { secretOf, settingsOf, type DestinationRecord, type WebhookSettings } from "./destinations";

// Webhooks signed the Standard Webhooks way (https://www.standardwebhooks.com): headers
// `webhook-id` (the delivery's id, the same on every attempt, for the receiver to
// de-duplicate on), `webhook-timestamp` (seconds) and `webhook-signature`
// (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the secret's bytes).

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** Sends one signed event; any 2xx is delivered. Throws OutboundError with whether to retry. */
export async function postWebhook(d: DestinationRecord, id: string, event: object): Promise<string> {
  const { url } = settingsOf<WebhookSettings>(d);
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await outboundRequest(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Chartroom-Webhooks/1",
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signWebhook(secretOf(d), id, timestamp, body),
    },
    body,
  });
  if (res.status >= 200 && res.status < 300) return `HTTP ${res.status}`;
  const answer = res.body.trim().slice(0, 200);
  if (res.status >= 300 && res.status < 400) {
    throw new OutboundError(
      `The webhook answered ${res.status} (a redirect${res.location ? ` to ${res.location}` : ""}), which is not followed; use the final URL.`,
      false,
      res.status,
    );
  }
  const transient =
    res.status === 408 || res.status === 409 || res.status === 425 || res.status === 429 || res.status >= 500;
  throw new OutboundError(`The webhook answered ${res.status}${answer ? `: ${answer}` : ""}.`, transient, res.status);
}

/** "Send test": a `chartroom.test` event with an id of its own. */
export async function testWebhook(d: DestinationRecord, schedule: { id: string; name: string }): Promise<string> {
  const id = `test_${randomUUID()}`;
  const status = await postWebhook(d, id, {
    type: "chartroom.test",
    timestamp: new Date().toISOString(),
    data: { schedule, message: "A test from Chartroom: this webhook destination works." },
  });
  return `${status} for ${id}`;
}
