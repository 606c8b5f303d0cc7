import "server-only";
import { timingSafeEqual } from "node:crypto";
import { config } from "../config";
import { ApiError, toErrorResponse } from "./errors";

function matches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Cron routes (Vercel style) answer only `Authorization: Bearer $CRON_SECRET`. With no
 * CRON_SECRET configured they answer nobody: the self-hosted server dispatches itself.
 */
export function withCron(handler: (req: Request) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    try {
      const secret = config().cronSecret;
      const header = req.headers.get("authorization") ?? "";
      const token = header.startsWith("Bearer ") ? header.slice(7) : "";
      if (!secret || !token || !matches(token, secret)) {
        throw new ApiError("unauthorized", "This route needs Authorization: Bearer $CRON_SECRET.");
      }
      return await handler(req);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
