import { withCron } from "@/lib/api/cron";
import { dispatchDue } from "@/lib/schedules/dispatch";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/** Claims and sends every due schedule occurrence; overlapping calls never send twice. */
export const GET = withCron(async () => Response.json(await dispatchDue()));
