import { z } from "zod";

/** The one code-to-status map behind every error the API returns. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_parameter: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; param?: string };
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly param?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = "Resource") => new ApiError("not_found", `${what} not found.`);

export function errorResponse(code: ErrorCode, message: string, param?: string, headers?: Record<string, string>) {
  const body: ErrorBody = { error: { code, message, ...(param ? { param } : {}) } };
  return Response.json(body, { status: ERROR_STATUS[code], headers });
}

/** Turns a zod failure into a 400 naming the first offending parameter. */
export function fromZodError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const param = issue?.path.map(String).join(".") || undefined;
  const message = param ? `\`${param}\`: ${issue.message}` : (issue?.message ?? "Invalid request.");
  return new ApiError("invalid_parameter", message, param);
}

/** Every error leaves the API in the envelope; unexpected ones never show their internals. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error.code, error.message, error.param, error.headers);
  if (error instanceof z.ZodError) {
    const e = fromZodError(error);
    return errorResponse(e.code, e.message, e.param);
  }
  console.error("[api] unexpected error:", error);
  return errorResponse("internal", "Something went wrong on our side. Please try again.");
}
