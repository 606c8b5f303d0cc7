import "server-only";
import nodemailer from "nodemailer";
import type { SmtpSettings } from "../modes";
import { EmailError, type OutgoingEmail } from "./send";

// SMTP reply codes 4xx are temporary by definition (RFC 5321); so are connection failures.
function isTransient(error: { responseCode?: number; code?: string }): boolean {
  if (typeof error.responseCode === "number") return error.responseCode >= 400 && error.responseCode < 500;
  return true;
}

/**
 * Sends one e-mail over SMTP (nodemailer). The idempotency key becomes the Message-ID, so a
 * retried send is recognisable as the same message by the receiving side.
 */
export async function sendSmtp(
  settings: SmtpSettings,
  email: OutgoingEmail,
  from: string,
  timeoutMs: number,
): Promise<string> {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === "tls",
    requireTLS: settings.tls === "starttls",
    ignoreTLS: settings.tls === "none",
    auth: settings.user ? { user: settings.user, pass: settings.password ?? "" } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  const messageId = `<${email.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, "-")}@chartroom>`;
  try {
    const info = await transport.sendMail({
      from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId,
      attachments: email.attachments?.map((a) => ({
        filename: a.filename,
        content: a.content,
        contentType: a.contentType,
        // An inline part goes in multipart/related with its Content-ID, which the HTML's `cid:` names.
        ...(a.contentId ? { cid: a.contentId, contentDisposition: "inline" as const } : {}),
      })),
    });
    return info.messageId ?? messageId;
  } catch (error) {
    const e = error as Error & { responseCode?: number; code?: string };
    throw new EmailError(`SMTP: ${e.message}`, isTransient(e), e.responseCode ?? null);
  } finally {
    transport.close();
  }
}
