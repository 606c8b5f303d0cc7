import "server-only";
import { db } from "../db";
import { isUniqueViolation } from "../db/errors";
import {
  readOutboxAttachment,
  removeOutboxAttachments,
  serveOutboxAttachment,
  storeOutboxAttachments,
  type OutboxAttachment,
} from "./outbox-files";
import type { ExportStorage } from "../exports/storage";
import { unlinkWithheld, withholdKnownSecretLinks, withholdSecretLinks } from "./secret-links";
import type { OutgoingEmail } from "./send";

/**
 * Keeps an e-mail instead of sending it, once per idempotency key: a retry of the same
 * send returns the e-mail already kept. Attachments are written before the row exists,
 * so a kept e-mail never points at missing files.
 */
export async function keepInOutbox(sent: OutgoingEmail, from: string): Promise<string> {
  // Everyone who may read the outbox is someone the links were not meant for.
  const email = withholdSecretLinks(sent);
  const existing = await db.outboxEmail.findUnique({
    where: { idempotencyKey: email.idempotencyKey },
    select: { id: true },
  });
  if (existing) return existing.id;
  const attachments = await storeOutboxAttachments(email.attachments ?? []);
  try {
    const row = await db.outboxEmail.create({
      data: {
        workspaceId: email.workspaceId,
        idempotencyKey: email.idempotencyKey,
        fromAddress: from,
        toAddress: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        attachments: JSON.stringify(attachments),
      },
    });
    return row.id;
  } catch (error) {
    await removeOutboxAttachments(attachments);
    if (!isUniqueViolation(error)) throw error;
    // Another process kept the same e-mail a moment ago.
    const winner = await db.outboxEmail.findUnique({
      where: { idempotencyKey: email.idempotencyKey },
      select: { id: true },
    });
    if (!winner) throw error;
    return winner.id;
  }
}

export interface OutboxSummary {
  id: string;
  to: string;
  subject: string;
  createdAt: string;
  attachments: Omit<OutboxAttachment, "storageKey">[];
}

export interface OutboxDetail extends OutboxSummary {
  from: string;
  html: string;
  text: string;
}

function attachmentsOf(json: string): OutboxAttachment[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? (parsed as OutboxAttachment[]) : [];
}

const publicAttachment = ({ storageKey: _key, ...rest }: OutboxAttachment) => rest;

/** The files of a kept e-mail as its reader sees them: inline parts (the logo) show in the HTML, not in the list. */
const listedAttachments = (attachments: OutboxAttachment[]) =>
  attachments.filter((a) => !a.contentId).map(publicAttachment);

const INLINE_IMAGE = /^image\/(png|jpeg|gif)$/;

/**
 * The HTML with its `cid:` images drawn from their kept parts: the outbox shows the mail in a
 * browser frame, which cannot resolve a Content-ID as a mail client does.
 */
async function withInlineParts(html: string, attachments: OutboxAttachment[]): Promise<string> {
  for (const part of attachments) {
    if (!part.contentId || !INLINE_IMAGE.test(part.contentType) || !html.includes(`cid:${part.contentId}`)) continue;
    const bytes = await readOutboxAttachment(part);
    if (bytes)
      html = html.replaceAll(`cid:${part.contentId}`, `data:${part.contentType};base64,${bytes.toString("base64")}`);
  }
  return html;
}

export async function listOutbox(workspaceId: string, limit = 200): Promise<OutboxSummary[]> {
  const rows = await db.outboxEmail.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, toAddress: true, subject: true, createdAt: true, attachments: true },
  });
  return rows.map((r) => ({
    id: r.id,
    to: r.toAddress,
    // E-mails kept before secret links were withheld are cleaned as they are read.
    subject: withholdKnownSecretLinks(r.subject),
    createdAt: r.createdAt.toISOString(),
    attachments: listedAttachments(attachmentsOf(r.attachments)),
  }));
}

export async function getOutboxEmail(workspaceId: string, id: string): Promise<OutboxDetail | null> {
  const r = await db.outboxEmail.findFirst({ where: { id, workspaceId } });
  if (!r) return null;
  const attachments = attachmentsOf(r.attachments);
  return {
    id: r.id,
    to: r.toAddress,
    from: r.fromAddress,
    subject: withholdKnownSecretLinks(r.subject),
    html: await withInlineParts(unlinkWithheld(withholdKnownSecretLinks(r.html)), attachments),
    text: withholdKnownSecretLinks(r.text),
    createdAt: r.createdAt.toISOString(),
    attachments: listedAttachments(attachments),
  };
}

/** An attachment of a kept e-mail as a download (streamed, or a redirect to the bucket); null when there is none. */
export async function outboxAttachmentResponse(
  workspaceId: string,
  id: string,
  index: number,
): Promise<Response | null> {
  const r = await db.outboxEmail.findFirst({ where: { id, workspaceId }, select: { attachments: true } });
  const attachment = r ? attachmentsOf(r.attachments).find((a) => a.index === index) : undefined;
  return attachment ? serveOutboxAttachment(attachment) : null;
}

/** Deletes the e-mails a workspace kept (rows have no foreign key to it) and their attachment files. */
export async function deleteWorkspaceOutbox(workspaceId: string, storage?: ExportStorage): Promise<number> {
  const rows = await db.outboxEmail.findMany({ where: { workspaceId }, select: { id: true, attachments: true } });
  await db.outboxEmail.deleteMany({ where: { workspaceId } });
  for (const row of rows) await removeOutboxAttachments(attachmentsOf(row.attachments), storage);
  return rows.length;
}
