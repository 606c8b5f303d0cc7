import { readJson, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { deleteSchedule, getSchedule, updateSchedule, updateScheduleBody } from "@/lib/schedules/service";

type Params = { id: string };

export const GET = withWorkspace<Params>(async (_req, { workspace, params }) =>
  Response.json({ schedule: await getSchedule(workspace.id, params.id) }),
);

export const PATCH = withWorkspace<Params>(
  async (req, { workspace, params, user }) => {
    const body = updateScheduleBody.parse(await readJson(req));
    const { secrets, ...schedule } = await updateSchedule(workspace.id, params.id, body);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "schedule.updated",
      entity: `schedule:${schedule.id}`,
      ip: requestIp(req),
      details: { fields: Object.keys(body) },
    });
    return Response.json({ schedule, secrets });
  },
  { role: "admin" },
);

export const DELETE = withWorkspace<Params>(
  async (req, { workspace, params, user }) => {
    await deleteSchedule(workspace.id, params.id);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "schedule.deleted",
      entity: `schedule:${params.id}`,
      ip: requestIp(req),
    });
    return new Response(null, { status: 204 });
  },
  { role: "admin" },
);
