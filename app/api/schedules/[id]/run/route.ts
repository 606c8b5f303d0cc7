import { withWorkspace } from "@/lib/api/handler";
import { recordAudit, requestIp } from "@/lib/audit";
import { limitSends } from "@/lib/rate-limit";
import { runNow } from "@/lib/schedules/dispatch";
import { listRuns } from "@/lib/schedules/service";

/** "Run now": starts a manual run and answers at once; GET …/runs shows how it went. */
export const POST = withWorkspace<{ id: string }>(
  async (req, { workspace, params, user }) => {
    await limitSends(user.id, workspace.id);
    const { runId } = await runNow(workspace.id, params.id);
    await recordAudit({
      workspaceId: workspace.id,
      actor: user.email,
      action: "schedule.run_now",
      entity: `schedule:${params.id}`,
      ip: requestIp(req),
      details: { run: runId },
    });
    const run = (await listRuns(workspace.id, params.id)).find((r) => r.id === runId);
    return Response.json({ run }, { status: 202 });
  },
  { role: "admin" },
);
