// The errors domain code throws: a stable code, a message for people, the input at fault.
// Nothing here knows about HTTP responses; lib/api turns these into the JSON envelope.
import type { z } from "zod";

/** The one code-to-status map behind every error the API returns. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_parameter: 400,
  unauthorized: 401,
  forbidden: 403,
  /** Signed in, but the account's e-mail address is not confirmed yet (self sign-up). */
  email_unverified: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; param?: string; issues?: ErrorIssue[] };
}

export interface ApiErrorOptions {
  /** The input at fault, as a dotted path ("from", "definition.filters.0.value"). */
  param?: string;
  /** Every problem found, when there is more than one to show. */
  issues?: ErrorIssue[];
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  readonly param?: string;
  readonly issues?: ErrorIssue[];
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message);
    this.param = options.param;
    this.issues = options.issues;
    this.headers = options.headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = "Resource") => new ApiError("not_found", `${what} not found.`);

/** Turns a zod failure into a 400 naming the offending inputs; `prefix` places them in the request. */
export function fromZodError(error: z.ZodError, prefix?: string): ApiError {
  const issues = error.issues.slice(0, 20).map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    return { path, message: issue.message };
  });
  const first = issues[0];
  const message = first?.path ? `\`${first.path}\`: ${first.message}` : (first?.message ?? "Invalid request.");
  // A check that judges meaning rather than shape marks its issue, and answers 422 like other meaning checks.
  const firstIssue = error.issues[0];
  const meaning = firstIssue?.code === "custom" && firstIssue.params?.unprocessable === true;
  return new ApiError(meaning ? "unprocessable" : "invalid_parameter", message, {
    param: first?.path || undefined,
    issues,
  });
}
