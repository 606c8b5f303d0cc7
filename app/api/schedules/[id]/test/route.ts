import { z } from "zod";
import { readJson, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { limitSends } from "@/lib/rate-limit";
import { sendTest } from "@/lib/schedules/destination-test";

const body = z.object({ destination: z.string().min(1).max(64) });

/** "Send test": a test message to one destination ("email" or a destination id); answers how it went. */
export const POST = withWorkspace<{ id: string }>(
  async (req, { workspace, params, user }) => {
    const { destination } = body.parse(await readJson(req));
    await limitSends(user.id, workspace.id);
    const result = await sendTest(workspace.id, params.id, destination);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "schedule.destination_tested",
      entity: `schedule:${params.id}`,
      ip: requestIp(req),
      details: { destination, ok: result.ok },
    });
    return Response.json({ result });
  },
  { role: "admin" },
);
