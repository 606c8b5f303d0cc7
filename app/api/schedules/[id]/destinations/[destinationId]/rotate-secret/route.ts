import { withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { rotateWebhookSecret } from "@/lib/schedules/destinations";

/** A new signing secret for a webhook destination, shown in this answer only. */
export const POST = withWorkspace<{ id: string; destinationId: string }>(
  async (req, { workspace, params, user }) => {
    const { destination, secret } = await rotateWebhookSecret(workspace.id, params.id, params.destinationId);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "schedule.webhook_secret_rotated",
      entity: `schedule:${params.id}`,
      ip: requestIp(req),
      details: { destination: destination.id },
    });
    return Response.json({ destination, secret });
  },
  { role: "admin" },
);
