import "server-only";
import { ApiError } from "../errors";
import { db } from "../db";
import { escapeHtml } from "../email/escape-html";
import { logEvent } from "../log";
import { sendEmail, type SentEmail } from "../email/send";
import type { Role } from "../roles";
import { INVITE_TTL_DAYS, type InviteSummary } from "./schemas";
import { createInvite, type Actor } from "./team";

/** The invite e-mail, through the shared mail transport; one send per invite whatever the retries. */
async function sendInviteEmail(input: {
  workspaceId: string;
  workspaceName: string;
  inviteId: string;
  to: string;
  role: string;
  invitedBy: string;
  link: string;
}) {
  const subject = `${input.invitedBy} invited you to ${input.workspaceName} on Chartroom`;
  const text = [
    `${input.invitedBy} invited you to join ${input.workspaceName} on Chartroom as ${input.role}.`,
    "",
    `Accept the invite: ${input.link}`,
    "",
    `The link works once and expires in ${INVITE_TTL_DAYS} days. If you did not expect it, ignore this e-mail.`,
  ].join("\n");
  const html = `<p>${escapeHtml(input.invitedBy)} invited you to join <strong>${escapeHtml(input.workspaceName)}</strong> on Chartroom as ${escapeHtml(input.role)}.</p>
<p><a href="${escapeHtml(input.link)}">Accept the invite</a></p>
<p>The link works once and expires in ${INVITE_TTL_DAYS} days. If you did not expect it, ignore this e-mail.</p>`;
  return sendEmail({
    workspaceId: input.workspaceId,
    to: input.to,
    subject,
    html,
    text,
    idempotencyKey: `invite:${input.inviteId}`,
    secretLinks: [input.link],
  });
}

/**
 * Creates the invite and e-mails its link (`<baseUrl>/invite/<token>`). When the e-mail cannot
 * be sent the invite is dropped again, so there is never a pending invite nobody received.
 */
export async function inviteByEmail(
  workspace: { id: string; name: string },
  actor: Actor,
  input: { email: string; role: Role },
  baseUrl: string,
): Promise<{ invite: InviteSummary; email: SentEmail }> {
  const { invite, token } = await createInvite(workspace.id, actor, input);
  try {
    const email = await sendInviteEmail({
      workspaceId: workspace.id,
      workspaceName: workspace.name,
      inviteId: invite.id,
      to: invite.email,
      role: invite.role,
      invitedBy: actor.email,
      link: new URL(`/invite/${token}`, baseUrl).toString(),
    });
    return { invite, email };
  } catch (error) {
    await db.invite.delete({ where: { id: invite.id } });
    logEvent("invite.email_failed", { error: String(error) }, "warn");
    throw new ApiError(
      "internal",
      `The invite e-mail to ${invite.email} could not be sent, so no invite was made. Please try again.`,
    );
  }
}
