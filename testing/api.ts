import { NextRequest } from "next/server";
import { createApiKey } from "../lib/api-keys/keys";
import type { ApiKeyRole } from "../lib/api-keys/schemas";
import type { Role } from "../lib/roles";
import { db } from "../lib/db";

type RouteHandler<P> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler as the server would, with an API key instead of a session. */
export async function callRoute<P = Record<string, never>>(
  handler: RouteHandler<P>,
  options: {
    method?: string;
    path?: string;
    key?: string;
    body?: unknown;
    /** Bytes sent as they are (an upload), instead of a JSON body. */
    raw?: Uint8Array;
    params?: P;
    headers?: Record<string, string>;
  },
): Promise<{ status: number; body: unknown }> {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("Authorization", `Bearer ${options.key}`);
  if (options.body !== undefined) headers.set("Content-Type", "application/json");
  const sends = options.body !== undefined || options.raw !== undefined;
  const req = new NextRequest(new URL(options.path ?? "/api/test", "http://localhost"), {
    method: options.method ?? (sends ? "POST" : "GET"),
    headers,
    body: options.raw
      ? new Blob([new Uint8Array(options.raw)])
      : options.body === undefined
        ? undefined
        : JSON.stringify(options.body),
  });
  const res = await handler(req, { params: Promise.resolve((options.params ?? {}) as P) });
  const text = await res.text();
  // Files (downloads, images) come back as their text.
  const json = res.headers.get("content-type")?.includes("json") ?? true;
  return { status: res.status, body: text ? (json ? JSON.parse(text) : text) : null };
}

/** A fresh key in a seeded workspace, created by the given seeded user. */
export async function testApiKey(
  workspaceId: string,
  creatorEmail: string,
  role: ApiKeyRole,
  creatorRole: Role = "owner",
) {
  const creator = await db.user.findUniqueOrThrow({ where: { email: creatorEmail } });
  return createApiKey({ workspaceId, name: `test ${role} ${Date.now()}`, role, creatorId: creator.id, creatorRole });
}
