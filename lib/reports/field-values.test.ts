import { describe, expect, it } from "vitest";
import { GET as valuesRoute } from "@/app/api/datasets/[dataset]/fields/[field]/values/route";
import { ingest } from "../ingest/ingest";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";

const scratch = await scratchWorkspace({ label: "values", roles: ["owner", "member", "viewer"], templates: false });
const other = await scratchWorkspace({ label: "values-other", templates: false });
const ws = scratch.workspace;
const keys = {
  admin: (await testApiKey(ws.id, scratch.people.owner.email, "admin")).secret,
  member: (await testApiKey(ws.id, scratch.people.member.email, "member", "member")).secret,
  viewer: (await testApiKey(ws.id, scratch.people.viewer.email, "viewer", "viewer")).secret,
};

const event = (plan: string, userId: string, i: number) => ({
  occurredAt: new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString(),
  userId,
  deviceId: `phone-${userId}`,
  eventType: "login",
  plan,
  country: "US",
  durationMs: 10,
});
// pro ×3, Enterprise ×2, free ×1, and 30 one-off plans to overflow a page of suggestions.
const plans = [
  "pro",
  "pro",
  "pro",
  "Enterprise",
  "Enterprise",
  "free",
  ...Array.from({ length: 30 }, (_, i) => `p${i}`),
];
await ingest(
  "usage_events",
  ws.id,
  plans.map((plan, i) => event(plan, i % 2 ? "alice" : "bob", i)),
);
await ingest("usage_events", other.workspace.id, [event("secret-plan", "mallory", 0)]);

type Values = { values: string[]; more: boolean };
const ask = (key: string, field: string, params: Record<string, string> = {}, dataset = "usage_events") =>
  callRoute<{ dataset: string; field: string }>(valuesRoute, {
    key,
    path: `/api/datasets/${dataset}/fields/${field}/values?${new URLSearchParams(params).toString()}`,
    params: { dataset, field },
  });

describe("filter value suggestions", () => {
  it("lists a text field's distinct values in the workspace, the most frequent first, with a limit", async () => {
    const answer = await ask(keys.viewer, "plan", { limit: "3" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ values: ["pro", "Enterprise", "free"], more: true });
    const all = (await ask(keys.viewer, "plan", { limit: "100" })).body as Values;
    expect(all.values).toHaveLength(33);
    expect(all.more).toBe(false);
    expect(all.values).not.toContain("secret-plan");
  });

  it("searches ignoring case, and treats wildcards as text", async () => {
    expect(((await ask(keys.member, "plan", { q: "ENTER" })).body as Values).values).toEqual(["Enterprise"]);
    expect(((await ask(keys.member, "plan", { q: "p1" })).body as Values).values).toHaveLength(11);
    expect(((await ask(keys.member, "plan", { q: "%" })).body as Values).values).toEqual([]);
    expect(((await ask(keys.member, "plan", { q: "secret" })).body as Values).values).toEqual([]);
  });

  it("never offers a personal field's values to those who may not filter it by value", async () => {
    for (const key of [keys.member, keys.viewer]) {
      const answer = await ask(key, "user_id");
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ error: { code: "forbidden", param: "field" } });
      expect(JSON.stringify(answer.body)).not.toMatch(/alice|bob/);
    }
    const admin = await ask(keys.admin, "user_id");
    expect(admin.status).toBe(200);
    expect((admin.body as Values).values.sort()).toEqual(["alice", "bob"]);
  });

  it("answers unknown datasets and fields with 404, other fields with 422, bad limits with 400", async () => {
    expect((await ask(keys.viewer, "plan", {}, "nope")).status).toBe(404);
    expect((await ask(keys.viewer, "nope")).status).toBe(404);
    expect((await ask(keys.viewer, "duration_ms")).status).toBe(422);
    expect((await ask(keys.viewer, "occurred_at")).status).toBe(422);
    for (const limit of ["0", "101", "x"]) {
      const answer = await ask(keys.viewer, "plan", { limit });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { param: "limit" } });
    }
  });
});
