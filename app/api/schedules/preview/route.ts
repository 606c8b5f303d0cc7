import { readJson, withWorkspace } from "@/lib/api/handler";
import { previewSchedule, previewScheduleBody } from "@/lib/schedules/service";

/** The schedule in words and its next run times, for the form's live preview. */
export const POST = withWorkspace(async (req) => {
  const body = previewScheduleBody.parse(await readJson(req));
  return Response.json(previewSchedule(body));
});
