import "server-only";
import { Resend } from "resend";
import { mailSettings } from "../modes";
import { headerSafe } from "./header-text";
import { keepInOutbox } from "./outbox";
import { sendSmtp } from "./smtp";
import { config } from "../config";

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /**
   * Set for a part the HTML shows rather than a file to download (the logo): the HTML refers
   * to it as `cid:<contentId>`. Many mail clients block `data:` images but show these.
   */
  contentId?: string;
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
  transport: "resend" | "smtp" | "outbox";
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

const emailTimeoutMs = () => config().email.timeoutMs;

/**
 * Every e-mail the app sends goes through here, to the instance's one transport
 * (lib/modes.ts): Resend, SMTP, or the built-in outbox.
 */
export async function sendEmail(email: OutgoingEmail): Promise<SentEmail> {
  // Subjects include stored names; no control character reaches a header, whatever they hold.
  email = { ...email, subject: headerSafe(email.subject) };
  const settings = mailSettings();
  if (settings.transport === "outbox") {
    return { id: await keepInOutbox(email, emailFrom()), transport: "outbox" };
  }
  if (settings.transport === "smtp") {
    return { id: await sendSmtp(settings.smtp, email, emailFrom(), emailTimeoutMs()), transport: "smtp" };
  }
  // The SDK reads RESEND_BASE_URL, which is how tests point it at a local server.
  const resend = new Resend(settings.apiKey);
  const signal = AbortSignal.timeout(emailTimeoutMs());
  let result: Awaited<ReturnType<typeof resend.emails.send>>;
  try {
    result = await resend.emails.send(
      {
        from: emailFrom(),
        to: [email.to],
        subject: email.subject,
        html: email.html,
        text: email.text,
        attachments: email.attachments?.map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.contentType,
          contentId: a.contentId,
        })),
      },
      { idempotencyKey: email.idempotencyKey, signal },
    );
  } catch (error) {
    throw new EmailError(
      signal.aborted ? "The e-mail service did not answer in time." : (error as Error).message,
      true,
    );
  }
  if (result.error) {
    const status = typeof result.error.statusCode === "number" ? result.error.statusCode : null;
    const transient = status === null || status === 408 || status === 409 || status === 429 || status >= 500;
    throw new EmailError(result.error.message || `The e-mail service answered ${status}.`, transient, status);
  }
  return { id: result.data?.id ?? email.idempotencyKey, transport: "resend" };
}
