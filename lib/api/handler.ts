import "server-only";
import type { NextRequest } from "next/server";
import { isInstanceAdmin } from "../accounts/accounts";
import { authenticateApiKey, bearerKey, type ApiKeyPrincipal } from "../api-keys/keys";
import { hasRole, type Role } from "../roles";
import { currentUser, type SessionUser } from "../auth/session";
import { needsSetup } from "../accounts/setup";
import { unverifiedError } from "../instance/workspace-creation";
import { unstorableIssues } from "../text/unstorable-characters";
import { resolveWorkspace, WORKSPACE_COOKIE, type WorkspaceContext } from "../workspaces";
import { assertSameOrigin } from "./csrf";
import { ApiError, notFound, toErrorResponse } from "./errors";

type RouteContext<P> = { params: Promise<P> };

/**
 * Answers to signed-in callers (join codes, invite links, API keys, exports, the outbox)
 * must never be kept by a browser or a shared cache; a route may still choose its own policy.
 */
function notStored(res: Response): Response {
  if (res.headers.has("cache-control")) return res;
  try {
    res.headers.set("Cache-Control", "no-store");
    return res;
  } catch {
    // Some responses (redirects) have immutable headers: copy them.
    const headers = new Headers(res.headers);
    headers.set("Cache-Control", "no-store");
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}

export interface UserContext<P> {
  user: SessionUser;
  params: P;
  /** Set when the request came with an API key rather than a session; `user` is the key's creator. */
  apiKey: ApiKeyPrincipal | null;
}

export interface WorkspaceRequestContext<P> extends UserContext<P>, WorkspaceContext {}

/**
 * Session or API key check for routes that act on the user rather than on one workspace.
 * A request with `Authorization: Bearer <key>` is judged by the key alone, never by cookies.
 */
export function withUser<P = Record<string, never>>(
  handler: (req: NextRequest, ctx: UserContext<P>) => Promise<Response>,
) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => notStored(await userRoute(req, ctx));
  async function userRoute(req: NextRequest, ctx: RouteContext<P>): Promise<Response> {
    try {
      const secret = bearerKey(req);
      if (secret) {
        const apiKey = await authenticateApiKey(secret);
        if (!apiKey) throw new ApiError("unauthorized", "This API key is not valid or has been revoked.");
        return await handler(req, { user: apiKey.user, params: await ctx.params, apiKey });
      }
      const user = await currentUser();
      if (!user) {
        if (await needsSetup()) {
          throw new ApiError(
            "unauthorized",
            "This instance is not set up yet: open /setup to create the first account.",
          );
        }
        throw new ApiError("unauthorized", "Sign in to continue.");
      }
      assertSameOrigin(req);
      return await handler(req, { user, params: await ctx.params, apiKey: null });
    } catch (error) {
      return toErrorResponse(error);
    }
  }
}

/**
 * For routes that serve people who are not signed in and never act on a session (first-run
 * setup, forgotten passwords): same-origin check, error envelope, never cached.
 */
export function withoutUser<P = Record<string, never>>(
  handler: (req: NextRequest, ctx: { params: P }) => Promise<Response>,
) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    try {
      if (bearerKey(req)) throw new ApiError("forbidden", "API keys cannot be used here.");
      assertSameOrigin(req);
      return notStored(await handler(req, { params: await ctx.params }));
    } catch (error) {
      return notStored(toErrorResponse(error));
    }
  };
}

/** Routes of the instance admin (accounts, instance audit): a signed-in session of an instance admin, never an API key. */
export function withInstanceAdmin<P = Record<string, never>>(
  handler: (req: NextRequest, ctx: UserContext<P>) => Promise<Response>,
) {
  return withUser<P>(async (req, ctx) => {
    if (ctx.apiKey)
      throw new ApiError(
        "forbidden",
        "API keys act in one workspace: instance administration needs a signed-in session.",
      );
    if (!(await isInstanceAdmin(ctx.user.id))) throw new ApiError("forbidden", "This needs an instance admin.");
    return handler(req, ctx);
  });
}

/** For the few routes that also serve people who are not signed in, such as accepting an invite. */
export function withOptionalUser<P = Record<string, never>>(
  handler: (req: NextRequest, ctx: { user: SessionUser | null; params: P }) => Promise<Response>,
) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    try {
      if (bearerKey(req)) throw new ApiError("forbidden", "API keys cannot be used here: sign in instead.");
      assertSameOrigin(req);
      return notStored(await handler(req, { user: await currentUser(), params: await ctx.params }));
    } catch (error) {
      return notStored(toErrorResponse(error));
    }
  };
}

/**
 * Session, workspace and role check in one place. The workspace is the one the request
 * names (`X-Chartroom-Workspace` header or `workspace` query parameter), else the one
 * chosen in the UI (cookie), else the user's first. Naming a workspace the user does
 * not belong to is a 404, so ids of other tenants cannot be probed. An API key acts in its
 * own workspace only, with its own role. An account whose address is unconfirmed gets 403
 * `email_unverified`.
 */
export function withWorkspace<P = Record<string, never>>(
  handler: (req: NextRequest, ctx: WorkspaceRequestContext<P>) => Promise<Response>,
  options: { role?: Role } = {},
) {
  return withUser<P>(async (req, { user, params, apiKey }) => {
    // Until a self-created account confirms its address it reaches no workspace, even one it belongs to.
    if (!user.emailVerified) throw unverifiedError();
    const named = req.headers.get("x-chartroom-workspace") ?? req.nextUrl.searchParams.get("workspace");
    if (apiKey && named && named !== apiKey.workspaceId) throw notFound("Workspace");
    let context = apiKey
      ? await resolveWorkspace(user.id, apiKey.workspaceId)
      : named
        ? await resolveWorkspace(user.id, named)
        : null;
    if (named && !context) throw notFound("Workspace");
    if (context && apiKey) context = { role: apiKey.role, workspace: { ...context.workspace, role: apiKey.role } };
    if (!context && !apiKey) {
      const preferred = req.cookies.get(WORKSPACE_COOKIE)?.value;
      context = (preferred && (await resolveWorkspace(user.id, preferred))) || (await resolveWorkspace(user.id));
    }
    if (!context) throw notFound("Workspace");
    if (options.role && !hasRole(context.role, options.role)) {
      throw new ApiError("forbidden", `This action needs the ${options.role} role or higher in this workspace.`);
    }
    return handler(req, { user, params, apiKey, ...context });
  });
}

/** The query string as a plain object, ready for a zod schema. */
export function searchParams(req: NextRequest): Record<string, string> {
  return Object.fromEntries(req.nextUrl.searchParams.entries());
}

/**
 * The query string as a plain object, refusing a parameter given twice: which of two
 * `from`s a download should use is not something to guess.
 */
export function singleSearchParams(req: NextRequest): Record<string, string> {
  const params = req.nextUrl.searchParams;
  for (const name of new Set(params.keys())) {
    if (params.getAll(name).length > 1) {
      throw new ApiError("invalid_parameter", `\`${name}\` is given more than once; give it once.`, { param: name });
    }
  }
  return Object.fromEntries(params.entries());
}

const MAX_JSON_BYTES = 1_000_000;

/** The raw request body (an upload), refused with a 413 once it passes `max` bytes, without reading on. */
export async function readBytes(req: Request, max: number, what = "The upload"): Promise<Buffer> {
  const tooLarge = () =>
    new ApiError("payload_too_large", `${what} is larger than ${Math.round(max / 1024)} KB.`, { param: "body" });
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

export interface ReadJsonOptions {
  /** A top-level key whose items the caller checks one by one (batch records), reporting each on its own. */
  perItem?: string;
  /** The body may be left out: an empty one reads as `{}`, so the schema names what is missing. */
  optional?: boolean;
}

/**
 * The request body as JSON; a malformed or oversized body is a 400, not a 500, and so is
 * any string in it that cannot be stored: a lone surrogate or NUL (a 400 naming its path).
 */
export async function readJson(req: Request, options: ReadJsonOptions = {}): Promise<unknown> {
  const text = await req.text();
  if (options.optional && text.trim() === "") return {};
  if (text.length > MAX_JSON_BYTES) throw new ApiError("bad_request", "The request body is too large.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "The request body must be valid JSON.");
  }
  const [issue] = unstorableIssues(body, "", options.perItem);
  if (issue) {
    throw new ApiError("invalid_parameter", `\`${issue.path || "body"}\`: ${issue.message}`, {
      param: issue.path || undefined,
    });
  }
  return body;
}
