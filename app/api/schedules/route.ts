import { readJson, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { createSchedule, createScheduleBody, listSchedules } from "@/lib/schedules/service";

export const GET = withWorkspace(async (_req, { workspace }) =>
  Response.json({ schedules: await listSchedules(workspace.id) }),
);

export const POST = withWorkspace(
  async (req, { workspace, user }) => {
    const body = createScheduleBody.parse(await readJson(req));
    const schedule = await createSchedule(workspace.id, user.email, body);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "schedule.created",
      entity: `schedule:${schedule.id}`,
      ip: requestIp(req),
      details: {
        name: schedule.name,
        cron: schedule.cron,
        timezone: schedule.timezone,
        recipients: schedule.recipients.length,
      },
    });
    return Response.json({ schedule }, { status: 201 });
  },
  { role: "admin" },
);
