import { readJson, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { createSchedule, createScheduleBody, listSchedules } from "@/lib/schedules/service";

export const GET = withWorkspace(async (_req, { workspace }) =>
  Response.json({ schedules: await listSchedules(workspace.id) }),
);

export const POST = withWorkspace(
  async (req, { workspace, user }) => {
    const body = createScheduleBody.parse(await readJson(req));
    const { secrets, ...schedule } = await createSchedule(workspace.id, user.email, body);
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
        destinations: schedule.destinations.map((d) => d.kind),
      },
    });
    // Signing secrets of new webhooks appear here once and are never returned again.
    return Response.json({ schedule, secrets }, { status: 201 });
  },
  { role: "admin" },
);
