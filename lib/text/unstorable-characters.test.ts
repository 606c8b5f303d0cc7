import { describe, expect, it } from "vitest";
import { POST as postChunk } from "@/app/api/imports/[id]/chunks/route";
import { POST as createImportRoute } from "@/app/api/imports/route";
import { POST as createReportRoute } from "@/app/api/reports/route";
import { PATCH as patchSettings } from "@/app/api/settings/route";
import { POST as postEvents } from "@/app/api/v1/events/route";
import { sql } from "../db/sql";
import type { IngestResult } from "../ingest/schemas";
import type { CsvImportSummary, ImportChunkResult } from "../imports/schemas";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import { seeded } from "../../testing/db";
import { unstorableIssues } from "./unstorable-characters";

const { conn } = seeded();
const scratch = await scratchWorkspace({ roles: ROLES });
const ws = scratch.workspace;

const event = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  occurredAt: "2026-03-01T12:00:00Z",
  userId: "u-1",
  deviceId: "d-1",
  eventType: "surrogates",
  plan: "pro",
  country: "DE",
  durationMs: 5,
  revenue: 0,
  ...overrides,
});

const paths = (value: unknown, skip?: string) => unstorableIssues(value, "", skip).map((i) => i.path);

describe("lone surrogates and NUL", () => {
  it("are found in keys and values at any depth; pairs are left alone", () => {
    expect(paths({ a: ["ok \uD83D\uDE80", "x\uD800"], b: { "k\uDC00": 1 }, c: "\uDBFF", d: "nul\u0000" })).toEqual([
      "a.1",
      "b.k\uDC00",
      "c",
      "d",
    ]);
    expect(paths({ records: ["\uD800"] }, "records")).toEqual([]);
  });

  it("are refused per record in ingestion, naming the field, while the rest of the batch is stored", async () => {
    const { secret } = await testApiKey(ws.id, scratch.people.member.email, "member", "member");
    const run = `ls-${Date.now()}`;
    const records = [
      event(`${run}-0`),
      event(`${run}-1`, { plan: "pro\uD800" }),
      event(`${run}-2`, { userId: "\uDFFFu", eventType: "x\uDBFF" }),
      event(`${run}-3`, { plan: "pair \uD83D\uDE80" }),
      event(`${run}-4`, { deviceId: "nul\u0000" }),
    ];
    const res = await callRoute(postEvents, { key: secret, body: { records } });
    expect(res.status).toBe(200);
    const body = res.body as IngestResult;
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.issues.map((i) => i.path)])).toEqual([
      [1, ["plan"]],
      [2, ["userId", "eventType"]],
      [4, ["deviceId"]],
    ]);
    expect(body.rejected[0].issues[0].message).toMatch(/surrogate/);
    expect(body.rejected[2].issues[0].message).toMatch(/NUL/);
    const stored = await conn.query<{ plan: string }>(
      sql`SELECT plan FROM usage_events WHERE workspace_id = ${ws.id} AND event_type = ${"surrogates"} ORDER BY client_id`,
    );
    expect(stored.map((r) => r.plan)).toEqual(["pro", "pair \uD83D\uDE80"]);
  });

  it("are refused per line in CSV imports", async () => {
    const { secret } = await testApiKey(ws.id, scratch.people.member.email, "member", "member");
    const created = await callRoute(createImportRoute, {
      key: secret,
      body: { dataset: "usage_events", fileName: "events.csv", mapping: {} },
    });
    const id = (created.body as { import: CsvImportSummary }).import.id;
    const values = (plan: string) => ({
      occurredAt: "2026-03-02T10:00:00Z",
      userId: "u",
      deviceId: "d",
      eventType: "csv_surrogates",
      plan,
      country: "fr",
      durationMs: "1",
    });
    const res = await callRoute(postChunk, {
      key: secret,
      params: { id },
      body: {
        rows: [
          { line: 2, values: values("free") },
          { line: 3, values: values("fr\uDC00ee") },
        ],
        final: true,
      },
    });
    expect(res.status).toBe(200);
    const body = res.body as ImportChunkResult;
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([
      { line: 3, issues: [{ path: "plan", message: expect.stringMatching(/surrogate/) }] },
    ]);
  });

  it("are refused with 400 naming the path in every other JSON body", async () => {
    const { secret } = await testApiKey(ws.id, scratch.people.admin.email, "admin", "admin");
    const report = await callRoute(createReportRoute, {
      key: secret,
      body: { name: "Report \uD800", definition: { dataset: "usage_events", columns: ["event_type"] } },
    });
    expect(report.status).toBe(400);
    expect(report.body).toMatchObject({ error: { code: "invalid_parameter", param: "name" } });
    const nul = await callRoute(createReportRoute, {
      key: secret,
      body: {
        name: "Report",
        description: "a\u0000b",
        definition: { dataset: "usage_events", columns: ["event_type"] },
      },
    });
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({ error: { code: "invalid_parameter", param: "description" } });
    const settings = await callRoute(patchSettings, {
      key: secret,
      method: "PATCH",
      body: { allowedEmailDomains: ["a.com", "\uDC00"] },
    });
    expect(settings.status).toBe(400);
    expect(settings.body).toMatchObject({ error: { code: "invalid_parameter", param: "allowedEmailDomains.1" } });
    const envelope = await callRoute(postEvents, { key: secret, body: { records: [event("x")], "note\uD800": 1 } });
    expect(envelope.status).toBe(400);
    expect(envelope.body).toMatchObject({ error: { code: "invalid_parameter", param: "note\uD800" } });
  });
});
