import { withCron } from "@/lib/api/cron";
import { cleanup } from "@/lib/maintenance";

export const dynamic = "force-dynamic";

/** Deletes expired export files and old rate-limit counters. */
export const GET = withCron(async () => Response.json(await cleanup()));
