import { describe, expect, it } from "vitest";
import { POST as createExportRoute } from "@/app/api/exports/route";
import { PATCH as patchReportRoute } from "@/app/api/reports/[id]/route";
import { POST as previewRoute } from "@/app/api/reports/preview/route";
import { POST as createReportRoute } from "@/app/api/reports/route";
import { ingest } from "../ingest/ingest";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";

// A member must not find a person's rows by their raw identifier, whatever the output masks.
const scratch = await scratchWorkspace({ roles: ROLES });
const ws = scratch.workspace;
const keys = {
  admin: (await testApiKey(ws.id, scratch.people.owner.email, "admin")).secret,
  member: (await testApiKey(ws.id, scratch.people.member.email, "member", "member")).secret,
  viewer: (await testApiKey(ws.id, scratch.people.viewer.email, "viewer", "viewer")).secret,
};
await ingest(
  "usage_events",
  ws.id,
  ["alice", "alice", "bob", "carol"].map((userId, i) => ({
    occurredAt: `2026-03-0${i + 1}T10:00:00Z`,
    userId,
    deviceId: `phone-${userId}`,
    eventType: "login",
    plan: "pro",
    country: "US",
    durationMs: 100,
  })),
);

const range = { type: "absolute", from: "2026-03-01", to: "2026-03-31" } as const;
const byUser = (op: string, value?: string | string[]) => ({
  dataset: "usage_events",
  timeRange: range,
  filters: [
    { field: "event_type", op: "eq", value: "login" },
    { field: "user_id", op, ...(value === undefined ? {} : { value }) },
  ],
  measures: [{ fn: "count" }],
});

type Answer = { status: number; body: unknown };
function expectForbiddenAt(answer: Answer, path: string) {
  expect(answer.status).toBe(403);
  const error = (answer.body as { error: { code: string; message: string; param: string } }).error;
  expect(error.code).toBe("forbidden");
  expect(error.param).toBe(path);
  expect(error.message).toMatch(/User ID identifies people/);
}
const count = (answer: Answer) => (answer.body as { rows: { count: number }[] }).rows[0]?.count;

describe("filtering personal fields by value", () => {
  it("is for admins and owners; members and viewers may only ask whether the field is empty", async () => {
    for (const [op, value] of [
      ["eq", "alice"],
      ["in", ["alice", "bob"]],
      ["contains", "a"],
      ["neq", "alice"],
      ["not_in", ["bob"]],
    ] as const) {
      for (const key of [keys.member, keys.viewer]) {
        expectForbiddenAt(
          await callRoute(previewRoute, { key, body: { definition: byUser(op, value as string) } }),
          "definition.filters.1.op",
        );
      }
    }
    const asAdmin = await callRoute(previewRoute, { key: keys.admin, body: { definition: byUser("eq", "alice") } });
    expect(asAdmin.status).toBe(200);
    expect(count(asAdmin)).toBe(2);
    const presence = await callRoute(previewRoute, { key: keys.member, body: { definition: byUser("is_not_empty") } });
    expect(presence.status).toBe(200);
    expect(count(presence)).toBe(4);
  });

  it("cannot be smuggled in through a saved report or an ad-hoc export", async () => {
    const create = await callRoute(createReportRoute, {
      key: keys.member,
      body: { name: "Find Alice", definition: byUser("eq", "alice") },
    });
    expectForbiddenAt(create, "definition.filters.1.op");
    const exported = await callRoute(createExportRoute, {
      key: keys.member,
      body: { name: "Find Alice", format: "csv", definition: byUser("contains", "ali") },
    });
    expectForbiddenAt(exported, "definition.filters.1.op");
  });

  it("keeps an admin's saved filter usable by members, but not changeable to another person", async () => {
    const created = await callRoute(createReportRoute, {
      key: keys.admin,
      body: { name: "Alice's logins", definition: byUser("eq", "alice") },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { report: { id: string } }).report.id;

    // Running the saved report, or a draft of it that keeps the filter, is allowed.
    expect(count(await callRoute(previewRoute, { key: keys.member, body: { reportId: id } }))).toBe(2);
    const draft = {
      ...byUser("eq", "alice"),
      measures: [{ fn: "count" }, { fn: "count_distinct", field: "device_id" }],
    };
    expect(
      (await callRoute(previewRoute, { key: keys.member, body: { reportId: id, definition: draft } })).status,
    ).toBe(200);
    const renamed = await callRoute(patchReportRoute, {
      key: keys.member,
      method: "PATCH",
      params: { id },
      body: { name: "Renamed", definition: draft },
    });
    expect(renamed.status).toBe(200);

    // Pointing it at someone else is filtering by a new value.
    const bob = byUser("eq", "bob");
    expectForbiddenAt(
      await callRoute(previewRoute, { key: keys.member, body: { reportId: id, definition: bob } }),
      "definition.filters.1.op",
    );
    expectForbiddenAt(
      await callRoute(patchReportRoute, {
        key: keys.member,
        method: "PATCH",
        params: { id },
        body: { definition: bob },
      }),
      "definition.filters.1.op",
    );
    expect(
      (
        await callRoute(patchReportRoute, {
          key: keys.admin,
          method: "PATCH",
          params: { id },
          body: { definition: bob },
        })
      ).status,
    ).toBe(200);
  });
});
