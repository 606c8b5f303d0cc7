import "server-only";
import type { PrismaClient } from "../db";
import { nextRunAfter } from "./cron";
import { presetToCron } from "./presets";
import { DEFAULT_SUBJECT } from "./types";

export const DEFAULT_SCHEDULE = {
  name: "Weekly Usage Summary",
  cron: presetToCron({ kind: "weekly", weekday: 1, time: "09:00" }),
  timezone: "America/New_York",
} as const;

/** Every demo workspace starts with the weekly Usage Summary PDF e-mailed to its owner. */
export async function createDefaultSchedule(prisma: PrismaClient, workspaceId: string, now: number): Promise<void> {
  const report = await prisma.report.findFirst({ where: { workspaceId, templateKey: "usage_summary" } });
  const owner = await prisma.membership.findFirst({
    where: { workspaceId, role: "owner" },
    include: { user: true },
    orderBy: { createdAt: "asc" },
  });
  if (!report || !owner) return;
  await prisma.schedule.create({
    data: {
      workspaceId,
      reportId: report.id,
      name: DEFAULT_SCHEDULE.name,
      cron: DEFAULT_SCHEDULE.cron,
      timezone: DEFAULT_SCHEDULE.timezone,
      formats: JSON.stringify(["pdf"]),
      delivery: "attachment",
      recipients: JSON.stringify([owner.user.email]),
      subjectTemplate: DEFAULT_SUBJECT,
      nextRunAt: nextRunAfter(DEFAULT_SCHEDULE.cron, DEFAULT_SCHEDULE.timezone, new Date(now)),
      createdBy: owner.user.email,
    },
  });
}
