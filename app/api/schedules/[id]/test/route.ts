import { readJson, withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { limitSends } from "@/lib/rate-limit";
import { sendTest, testDestinationBody } from "@/lib/schedules/destination-test";

/** "Send test": a test message to one destination ("email" or a destination id); answers how it went. */
export const POST = withWorkspace<{ id: string }>(
  async (req, { workspace, params, user }) => {
    const { destination } = testDestinationBody.parse(await readJson(req));
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
