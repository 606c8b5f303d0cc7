import { describe, expect, it } from "vitest";
import { DELETE as revokeRoute } from "@/app/api/api-keys/[id]/route";
import { GET as listKeysRoute, POST as createKeyRoute } from "@/app/api/api-keys/route";
import { POST as createExportRoute } from "@/app/api/exports/route";
import { GET as listReportsRoute } from "@/app/api/reports/route";
import { GET as listWorkspacesRoute } from "@/app/api/workspaces/route";
import { db } from "../db";
import { callRoute, testApiKey } from "../../testing/api";
import { seeded } from "../../testing/db";
import { hashApiKey } from "./keys";

const { acme, globex } = seeded();

describe("API keys", () => {
  it("stores only the digest of the secret and shows the secret once", async () => {
    const { secret: admin } = await testApiKey(acme.id, "alex@acme.test", "admin", "admin");
    const created = await callRoute(createKeyRoute, { key: admin, body: { name: "CI loader", role: "member" } });
    expect(created.status).toBe(201);
    const { apiKey, secret } = created.body as { apiKey: { id: string; prefix: string }; secret: string };
    expect(secret).toMatch(/^chr_[A-Za-z0-9_-]{32}$/);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.hash).toBe(hashApiKey(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const list = await callRoute(listKeysRoute, { key: admin });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const audit = await db.auditEvent.findFirst({
      where: { entity: `api_key:${apiKey.id}`, action: "api_key.created" },
    });
    expect(audit?.actor).toBe("alex@acme.test");
  });

  it("gets 401 at once after revocation", async () => {
    const { secret, apiKey } = await testApiKey(acme.id, "demo@chartroom.dev", "member");
    expect((await callRoute(listReportsRoute, { key: secret })).status).toBe(200);
    const { secret: admin } = await testApiKey(acme.id, "demo@chartroom.dev", "admin");
    const revoked = await callRoute(revokeRoute, { method: "DELETE", key: admin, params: { id: apiKey.id } });
    expect(revoked.status).toBe(200);
    const after = await callRoute(listReportsRoute, { key: secret });
    expect(after).toEqual({ status: 401, body: { error: { code: "unauthorized", message: expect.any(String) } } });
    expect(await db.auditEvent.count({ where: { entity: `api_key:${apiKey.id}`, action: "api_key.revoked" } })).toBe(1);
  });

  it("a viewer key reads but cannot create exports", async () => {
    const { secret } = await testApiKey(acme.id, "demo@chartroom.dev", "viewer");
    expect((await callRoute(listReportsRoute, { key: secret })).status).toBe(200);
    const res = await callRoute(createExportRoute, { key: secret, body: { reportId: "x", format: "csv" } });
    expect(res).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
  });

  it("acts only in its own workspace", async () => {
    const { secret } = await testApiKey(acme.id, "demo@chartroom.dev", "member");
    const other = await callRoute(listReportsRoute, { key: secret, headers: { "X-Chartroom-Workspace": globex.id } });
    expect(other).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    const own = await callRoute(listReportsRoute, { key: secret, headers: { "X-Chartroom-Workspace": acme.id } });
    expect(own.status).toBe(200);
    const workspaces = await callRoute(listWorkspacesRoute, { key: secret });
    expect((workspaces.body as { workspaces: { id: string; role: string }[] }).workspaces).toEqual([
      expect.objectContaining({ id: acme.id, role: "member" }),
    ]);
  });

  it("cannot be given a role above its creator's, and is capped by the creator's current role", async () => {
    const { secret: member } = await testApiKey(acme.id, "mia@acme.test", "member", "member");
    const res = await callRoute(createKeyRoute, { key: member, body: { name: "escalate", role: "admin" } });
    expect(res.status).toBe(403);
    const { secret: victorAdmin } = await testApiKey(acme.id, "victor@acme.test", "admin", "admin");
    // Victor is a viewer now, so his admin key can only read.
    const create = await callRoute(createKeyRoute, { key: victorAdmin, body: { name: "x", role: "viewer" } });
    expect(create.status).toBe(403);
  });

  it("rejects malformed and unknown keys", async () => {
    expect((await callRoute(listReportsRoute, { key: "chr_unknown" })).status).toBe(401);
    expect((await callRoute(listReportsRoute, { headers: { Authorization: "Basic abc" } })).status).toBe(401);
  });
});
