import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedEmail {
  idempotencyKey: string | null;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** `contentId`: set for an inline part, which the HTML names as `cid:<contentId>`. */
  attachments: { filename: string; content: Buffer; contentType?: string; contentId?: string }[];
}

type Rule = (email: ReceivedEmail) => { status: number; body: object } | null;

/**
 * A local stand-in for the Resend HTTP API (POST /emails), so tests drive the real SDK
 * through RESEND_BASE_URL. It keeps every request, treats a repeated Idempotency-Key as
 * Resend does (same answer, nothing delivered twice), and can be told to fail.
 */
export class ResendStandIn {
  /** Every POST /emails the SDK made, including failed ones. */
  readonly requests: ReceivedEmail[] = [];
  /** E-mails accepted for delivery, once per idempotency key. */
  readonly delivered: ReceivedEmail[] = [];
  private readonly rules: Rule[] = [];
  private readonly byKey = new Map<string, string>();
  private lateAnswers = 0;
  private lateByMs = 0;
  private server: Server | null = null;
  private count = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` requests (matching `to`, if given) answer `status`. */
  failNext(times: number, status: number, to?: string): void {
    let left = times;
    this.rules.push((email) => {
      if (left <= 0 || (to && !email.to.includes(to))) return null;
      left -= 1;
      return {
        status,
        body: {
          statusCode: status,
          name: status === 429 ? "rate_limit_exceeded" : "application_error",
          message: `stand-in ${status}`,
        },
      };
    });
  }

  /** Every request to `address` is refused as invalid, like Resend's 422 validation_error. */
  reject(address: string): void {
    this.rules.push((email) =>
      email.to.includes(address)
        ? {
            status: 422,
            body: { statusCode: 422, name: "validation_error", message: `Invalid \`to\` field: ${address}` },
          }
        : null,
    );
  }

  /** The next `times` e-mails are delivered, but the answer comes `ms` late (a lost response). */
  answerLate(times: number, ms: number): void {
    this.lateAnswers = times;
    this.lateByMs = ms;
  }

  deliveredTo(address: string): ReceivedEmail[] {
    return this.delivered.filter((e) => e.to.includes(address));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: object }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || req.url !== "/emails") return { status: 404, body: { message: "not found" } };
    const payload = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      to: string[] | string;
      subject: string;
      html?: string;
      text?: string;
      attachments?: { filename: string; content: string; content_type?: string; content_id?: string }[];
    };
    const email: ReceivedEmail = {
      idempotencyKey: (req.headers["idempotency-key"] as string | undefined) ?? null,
      to: Array.isArray(payload.to) ? payload.to : [payload.to],
      subject: payload.subject,
      html: payload.html ?? "",
      text: payload.text ?? "",
      attachments: (payload.attachments ?? []).map((a) => ({
        filename: a.filename,
        content: Buffer.from(a.content, "base64"),
        contentType: a.content_type,
        ...(a.content_id ? { contentId: a.content_id } : {}),
      })),
    };
    this.requests.push(email);
    for (const rule of this.rules) {
      const answer = rule(email);
      if (answer) return answer;
    }
    if (email.idempotencyKey && this.byKey.has(email.idempotencyKey)) {
      return { status: 200, body: { id: this.byKey.get(email.idempotencyKey)! } };
    }
    const id = `stand-in-${++this.count}`;
    if (email.idempotencyKey) this.byKey.set(email.idempotencyKey, id);
    this.delivered.push(email);
    if (this.lateAnswers > 0) {
      this.lateAnswers -= 1;
      await new Promise((resolve) => setTimeout(resolve, this.lateByMs));
    }
    return { status: 200, body: { id } };
  }
}
