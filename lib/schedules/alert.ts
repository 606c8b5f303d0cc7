import "server-only";
import { createElement } from "react";
import { appUrl } from "../app-url";
import { db } from "../db";
import { NoticeEmail, renderEmail } from "../email/report-email";
import { sendEmail } from "../email/send";
import { logEvent } from "../log";
import type { RunRecord } from "./claim";

/**
 * The schedule's creator (or the workspace owners) hear about a failed run in the app and by
 * e-mail; `about: "destination"` when the run went out but a bucket or webhook did not get it.
 */
export async function alertOwner(
  run: RunRecord,
  message: string,
  paused: boolean,
  about: "run" | "destination" = "run",
): Promise<void> {
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
  const what = about === "run" ? `Schedule “${schedule.name}”` : `A destination of schedule “${schedule.name}”`;
  const title = paused ? `${what} was paused` : `${what} failed`;
  const body = paused
    ? `${message} It was paused after repeated failures; resume it once the cause is fixed.`
    : message;
  const link = `/schedules?schedule=${encodeURIComponent(schedule.id)}`;
  for (const user of recipients) {
    await db.notification.create({
      data: {
        workspaceId: run.workspaceId,
        userId: user.id,
        kind: `${about === "run" ? "schedule" : "destination"}.${paused ? "paused" : "failed"}`,
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
        idempotencyKey: `alert:${about === "run" ? "" : "destination:"}${run.id}:${user.id}`,
      });
    } catch (error) {
      // The in-app notification stands even when the alert e-mail cannot go out.
      logEvent("schedule_run.alert_failed", { run: run.id, error: (error as Error).message }, "warn");
    }
  }
}
