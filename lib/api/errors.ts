import { z } from "zod";
import { ApiError, fromZodError, type ErrorBody } from "../errors";
import { logEvent } from "../log";

export { ApiError, notFound } from "../errors";

export function errorResponse(error: ApiError): Response {
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.param ? { param: error.param } : {}),
      ...(error.issues?.length ? { issues: error.issues } : {}),
    },
  };
  return Response.json(body, { status: error.status, headers: error.headers });
}

/** Every error leaves the API in the envelope; unexpected ones never show their internals. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error);
  if (error instanceof z.ZodError) return errorResponse(fromZodError(error));
  logEvent("api.unexpected_error", { error: String(error), stack: (error as Error)?.stack }, "error");
  return errorResponse(new ApiError("internal", "Something went wrong on our side. Please try again."));
}
