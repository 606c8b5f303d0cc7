import "server-only";
import { Resend } from "resend";
import { headerSafe } from "./header-text";
import { keepInOutbox } from "./outbox";
import { config } from "../config";

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingEmail {
  workspaceId: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The same key never sends twice: Resend deduplicates on it, the outbox keeps one row per key. */
  idempotencyKey: string;
  attachments?: EmailAttachment[];
  /**
   * Links in this e-mail that work without signing in (invite, reset, verification, signed
   * download links): sent as they are, but never kept in the outbox in usable form.
   */
  secretLinks?: string[];
}

export interface SentEmail {
  id: string;
  transport: "resend" | "outbox";
}

/**
 * A failed send. `transient` failures (network, timeouts, 429, 5xx) are worth retrying;
 * the others (an invalid recipient, a rejected payload) will fail the same way again.
 */
export class EmailError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export const emailFrom = () => config().email.from;

export function emailTransport(): SentEmail["transport"] {
  return config().email.resendApiKey ? "resend" : "outbox";
}

/** Sends through Resend when RESEND_API_KEY is set, otherwise keeps the e-mail in the outbox. */
export async function sendEmail(email: OutgoingEmail): Promise<SentEmail> {
  // Subjects include stored names; no control character reaches a header, whatever they hold.
  email = { ...email, subject: headerSafe(email.subject) };
  if (emailTransport() === "outbox") {
    return { id: await keepInOutbox(email, emailFrom()), transport: "outbox" };
  }
  // The SDK reads RESEND_BASE_URL, which is how tests point it at a local server.
  const resend = new Resend(config().email.resendApiKey);
  const signal = AbortSignal.timeout(config().email.timeoutMs);
  let result: Awaited<ReturnType<typeof resend.emails.send>>;
  try {
    result = await resend.emails.send(
      {
        from: emailFrom(),
        to: [email.to],
        subject: email.subject,
        html: email.html,
        text: email.text,
        attachments: email.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      },
      { idempotencyKey: email.idempotencyKey, signal },
    );
  } catch (error) {
    throw new EmailError(signal.aborted ? "The e-mail service did not answer in time." : (error as Error).message, true);
  }
  if (result.error) {
    const status = typeof result.error.statusCode === "number" ? result.error.statusCode : null;
    const transient = status === null || status === 408 || status === 409 || status === 429 || status >= 500;
    throw new EmailError(result.error.message || `The e-mail service answered ${status}.`, transient, status);
  }
  return { id: result.data?.id ?? email.idempotencyKey, transport: "resend" };
}
