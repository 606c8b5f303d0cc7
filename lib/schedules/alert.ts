import "server-only";
import { createElement } from "react";
import { appUrl } from "../app-url";
import { db } from "../db";
import { NoticeEmail, renderEmail } from "../email/report-email";
import { sendEmail } from "../email/send";
import { logEvent } from "../log";
import type { RunRecord } from "./claim";

/** The schedule's creator (or the workspace owners) hear about a failed run in the app and by e-mail. */
export async function alertOwner(run: RunRecord, message: string, paused: boolean): Promise<void> {
  const { schedule } = run;
  const creator = await db.user.findUnique({ where: { email: schedule.createdBy } });
  const memberships = creator
    ? await db.membership.findMany({
        where: { workspaceId: run.workspaceId, userId: creator.id },
        include: { user: true },
      })
    : [];
  const recipients = memberships.length
    ? memberships.map((m) => m.user)
    : (
        await db.membership.findMany({
          where: { workspaceId: run.workspaceId, role: "owner" },
          include: { user: true },
        })
      ).map((m) => m.user);
  const title = paused ? `Schedule “${schedule.name}” was paused` : `Schedule “${schedule.name}” failed`;
  const body = paused
    ? `${message} It was paused after repeated failures; resume it once the cause is fixed.`
    : message;
  const link = `/schedules?schedule=${encodeURIComponent(schedule.id)}`;
  for (const user of recipients) {
    await db.notification.create({
      data: {
        workspaceId: run.workspaceId,
        userId: user.id,
        kind: paused ? "schedule.paused" : "schedule.failed",
        title,
        body,
        link,
      },
    });
    try {
      const { html, text } = await renderEmail(
        createElement(NoticeEmail, {
          workspace: { name: schedule.workspace.name, brandColor: schedule.workspace.brandColor },
          title,
          lines: [body, `Occurrence: ${run.scheduledFor.toISOString()}`],
          actionLabel: "Open the schedule",
          actionUrl: `${appUrl()}${link}`,
        }),
      );
      await sendEmail({
        workspaceId: run.workspaceId,
        to: user.email,
        subject: title,
        html,
        text,
        idempotencyKey: `alert:${run.id}:${user.id}`,
      });
    } catch (error) {
      // The in-app notification stands even when the alert e-mail cannot go out.
      logEvent("schedule_run.alert_failed", { run: run.id, error: (error as Error).message }, "warn");
    }
  }
}
