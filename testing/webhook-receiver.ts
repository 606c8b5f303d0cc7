import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedWebhook {
  path: string;
  id: string;
  timestamp: string;
  /** Whether the Standard Webhooks signature checked out against the secret of its path. */
  verified: boolean;
  status: number;
  body: unknown;
  raw: string;
}

/**
 * A webhook receiver on 127.0.0.1 that checks every request with the `standardwebhooks`
 * package (an implementation independent of ours), records it, and fails on demand.
 * Each path has its own secret (`secretFor`), so one receiver serves several tests.
 */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  private server: Server | null = null;
  private secrets = new Map<string, string>();
  private failures = new Map<string, { left: number; status: number; headers?: Record<string, string> }>();
  private slow = new Map<string, { left: number; ms: number }>();
  url = "";

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Verify requests to `path` with this secret (`whsec_…`). */
  secretFor(path: string, secret: string): void {
    this.secrets.set(path, secret);
  }

  /** The next `count` requests to `path` get `status` (with optional headers, e.g. a Location). */
  failNext(path: string, count: number, status: number, headers?: Record<string, string>): void {
    this.failures.set(path, { left: count, status, headers });
  }

  /** The next `count` requests to `path` are accepted but answered only after `ms`. */
  answerLate(path: string, count: number, ms: number): void {
    this.slow.set(path, { left: count, ms });
  }

  /** Requests to `path` that were verified and answered 2xx: what a receiver would act on. */
  delivered(path: string): ReceivedWebhook[] {
    return this.requests.filter((r) => r.path === path && r.verified && r.status < 300);
  }

  to(path: string): ReceivedWebhook[] {
    return this.requests.filter((r) => r.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "/").split("?")[0];
    const header = (name: string) => String(req.headers[name] ?? "");
    let verified = false;
    const secret = this.secrets.get(path);
    if (secret) {
      try {
        new Webhook(secret).verify(raw, {
          "webhook-id": header("webhook-id"),
          "webhook-timestamp": header("webhook-timestamp"),
          "webhook-signature": header("webhook-signature"),
        });
        verified = true;
      } catch {
        verified = false;
      }
    }
    const failure = this.failures.get(path);
    let status = verified ? 204 : 401;
    let headers: Record<string, string> = {};
    if (failure && failure.left > 0) {
      failure.left -= 1;
      status = failure.status;
      headers = failure.headers ?? {};
    }
    let body: unknown = null;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    this.requests.push({
      path,
      id: header("webhook-id"),
      timestamp: header("webhook-timestamp"),
      verified,
      status,
      body,
      raw,
    });
    const late = this.slow.get(path);
    if (late && late.left > 0) {
      late.left -= 1;
      await new Promise((resolve) => setTimeout(resolve, late.ms));
    }
    res.writeHead(status, headers);
    res.end();
  }
}
