import "server-only";
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { z } from "zod";
import { appUrl } from "../app-url";
import { db } from "../db";
import { NoticeEmail, renderEmail } from "../email/report-email";
import { sendEmail } from "../email/send";
import { notFound } from "../errors";
import { localDate } from "../time/zone";
import { testBucket } from "./destination-s3";
import { testWebhook } from "./destination-webhook";
import { findDestination } from "./destinations";
import { parseList } from "./service";

// "Send test" for one destination of a saved schedule: a small message of its own, not a
// run, so nothing is recorded in the run history and no report is rendered.

export const testDestinationBody = z.object({
  /** "email" for the recipients, or the id of a bucket or webhook destination. */
  destination: z.string().min(1).max(64),
});

export interface TestResult {
  ok: boolean;
  message: string;
}

const failure = (error: unknown): TestResult => ({ ok: false, message: (error as Error).message.slice(0, 500) });

/** `target` is "email" (every recipient) or the id of a bucket or webhook destination. */
export async function sendTest(workspaceId: string, scheduleId: string, target: string): Promise<TestResult> {
  const schedule = await db.schedule.findFirst({
    where: { id: scheduleId, workspaceId },
    include: { report: { select: { name: true } }, workspace: { select: { name: true, brandColor: true } } },
  });
  if (!schedule) throw notFound("Schedule");
  if (target === "email") {
    const recipients = parseList<string>(schedule.recipients);
    if (recipients.length === 0) return { ok: false, message: "The schedule has no e-mail recipients." };
    const title = `Test of schedule “${schedule.name}”`;
    const { html, text } = await renderEmail(
      createElement(NoticeEmail, {
        workspace: schedule.workspace,
        title,
        lines: [`This is a test. Reports of “${schedule.report.name}” will arrive at this address.`],
        actionLabel: "Open the schedule",
        actionUrl: `${appUrl()}/schedules?schedule=${encodeURIComponent(schedule.id)}`,
      }),
    );
    try {
      for (const to of recipients) {
        await sendEmail({ workspaceId, to, subject: title, html, text, idempotencyKey: `test:${randomUUID()}` });
      }
      return { ok: true, message: `Sent a test e-mail to ${recipients.length} recipient(s).` };
    } catch (error) {
      return failure(error);
    }
  }
  const destination = await findDestination(workspaceId, scheduleId, target);
  try {
    if (destination.kind === "s3") {
      const date = localDate(schedule.timezone, Date.now());
      return {
        ok: true,
        message: await testBucket(destination, { schedule: schedule.name, report: schedule.report.name, date }),
      };
    }
    return { ok: true, message: await testWebhook(destination, { id: schedule.id, name: schedule.name }) };
  } catch (error) {
    return failure(error);
  }
}
