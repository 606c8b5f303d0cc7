import "server-only";
import { config } from "../config";

/** Limits and timings of schedule runs (CHARTROOM_EMAIL_* and CHARTROOM_SCHEDULE_* in lib/config.ts). */
export const runSettings = () => config().runs;
