import { expect, test } from "@playwright/test";
import { GINA, signInApi } from "../helpers/auth";
import { reportIdByTemplate, workspaceBySlug } from "../helpers/db";

const VIEWER = "victor@acme.test";
const CRON_SECRET = process.env.E2E_CRON_SECRET ?? "e2e-cron-secret";

function body(reportId: string, overrides: Record<string, unknown> = {}) {
  return {
    name: "API schedule",
    reportId,
    cron: "0 9 * * 1",
    timezone: "America/New_York",
    formats: ["pdf"],
    recipients: ["someone@example.com"],
    ...overrides,
  };
}

test("the cron route answers 401 without the secret or with a wrong one", async ({ request }) => {
  const attempts: Record<string, string>[] = [{}, { Authorization: "Bearer wrong" }, { Authorization: CRON_SECRET }];
  for (const headers of attempts) {
    const res = await request.get("/api/cron/dispatch", { headers });
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  }
  const ok = await request.get("/api/cron/dispatch", { headers: { Authorization: `Bearer ${CRON_SECRET}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ claimed: expect.any(Number), retried: expect.any(Number) });
  const cleanup = await request.get("/api/cron/cleanup", { headers: { Authorization: `Bearer ${CRON_SECRET}` } });
  expect(cleanup.status()).toBe(200);
});

test("an invalid cron, timezone or recipient is a 422 naming the field", async ({ request }) => {
  await signInApi(request);
  const reportId = reportIdByTemplate("acme", "usage_summary");
  const cases: [Record<string, unknown>, string][] = [
    [{ cron: "61 9 * * *" }, "cron"],
    [{ cron: "every monday" }, "cron"],
    [{ timezone: "Mars/Olympus_Mons" }, "timezone"],
    [{ recipients: ["ok@example.com", "not-an-address"] }, "recipients.1"],
    [{ reportId: "no-such-report" }, "reportId"],
  ];
  for (const [overrides, param] of cases) {
    const res = await request.post("/api/schedules", { data: body(reportId, overrides) });
    expect(res.status(), param).toBe(422);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: "unprocessable", param });
  }
  const preview = await request.post("/api/schedules/preview", { data: { cron: "0 9 * * 1", timezone: "Bad/Zone" } });
  expect(preview.status()).toBe(422);
  expect((await preview.json()).error.param).toBe("timezone");
});

test("a viewer can read schedules but not create or edit them", async ({ request }) => {
  await signInApi(request, VIEWER);
  const list = await request.get("/api/schedules");
  expect(list.status()).toBe(200);
  const [first] = (await list.json()).schedules;
  expect(first.name).toBe("Weekly Usage Summary");
  const reportId = reportIdByTemplate("acme", "usage_summary");
  expect((await request.post("/api/schedules", { data: body(reportId) })).status()).toBe(403);
  expect((await request.patch(`/api/schedules/${first.id}`, { data: { active: false } })).status()).toBe(403);
  expect((await request.post(`/api/schedules/${first.id}/run`)).status()).toBe(403);
  expect((await request.delete(`/api/schedules/${first.id}`)).status()).toBe(403);
});

test("an admin creates, previews, pauses and deletes a schedule; other workspaces get 404", async ({
  request,
  playwright,
}) => {
  await signInApi(request);
  const reportId = reportIdByTemplate("acme", "usage_summary");
  const preview = await request.post("/api/schedules/preview", {
    data: { cron: "0 9 * * 1", timezone: "America/New_York" },
  });
  const { description, nextRuns } = await preview.json();
  expect(description).toMatch(/09:00/);
  expect(nextRuns).toHaveLength(5);
  for (const run of nextRuns) {
    const date = new Date(run);
    // Mondays at 09:00 New York: 13:00 or 14:00 UTC depending on daylight saving time.
    expect(date.getUTCDay()).toBe(1);
    expect([13, 14]).toContain(date.getUTCHours());
  }
  const created = await request.post("/api/schedules", {
    data: body(reportId, { recipients: ["A@Example.com", "a@example.com"] }),
  });
  expect(created.status()).toBe(201);
  const { schedule } = await created.json();
  expect(schedule.recipients).toEqual(["a@example.com"]);
  expect(schedule.nextRunAt).toBe(nextRuns[0]);
  const paused = await (await request.patch(`/api/schedules/${schedule.id}`, { data: { active: false } })).json();
  expect(paused.schedule).toMatchObject({ active: false, nextRunAt: null });

  const other = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await signInApi(other, GINA);
  expect((await other.get(`/api/schedules/${schedule.id}`)).status()).toBe(404);
  expect((await other.get(`/api/schedules/${schedule.id}/runs`)).status()).toBe(404);
  expect((await other.get(`/api/schedules/${schedule.id}?workspace=${workspaceBySlug("acme").id}`)).status()).toBe(404);
  await other.dispose();

  expect((await request.delete(`/api/schedules/${schedule.id}`)).status()).toBe(204);
  expect((await request.get(`/api/schedules/${schedule.id}`)).status()).toBe(404);
});
