import "server-only";
import { DELIVERY_OPERATIONS } from "./operations-delivery";
import { INSTANCE_OPERATIONS } from "./operations-instance";
import { REPORT_OPERATIONS } from "./operations-reports";
import { TEAM_OPERATIONS } from "./operations-team";
import type { Operation } from "./operation";

export type { Operation } from "./operation";

/**
 * Every public route, described with the zod schemas the routes themselves validate with.
 * A test walks app/api and fails when a route file or method is missing here.
 */
export const OPERATIONS: Operation[] = [
  ...REPORT_OPERATIONS,
  ...DELIVERY_OPERATIONS,
  ...TEAM_OPERATIONS,
  ...INSTANCE_OPERATIONS,
];
