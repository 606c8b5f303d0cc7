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
    params?: P;
    headers?: Record<string, string>;
  },
): Promise<{ status: number; body: unknown }> {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("Authorization", `Bearer ${options.key}`);
  if (options.body !== undefined) headers.set("Content-Type", "application/json");
  const req = new NextRequest(new URL(options.path ?? "/api/test", "http://localhost"), {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const res = await handler(req, { params: Promise.resolve((options.params ?? {}) as P) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
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
