import { describe, expect, it } from "vitest";
import { POST as postChunk } from "@/app/api/imports/[id]/chunks/route";
import { GET as getImportRoute } from "@/app/api/imports/[id]/route";
import { POST as createImportRoute } from "@/app/api/imports/route";
import { sql } from "../db/sql";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import { seeded } from "../../testing/db";
import type { CsvImportSummary, ImportChunkResult } from "./schemas";

const { conn } = seeded();
const scratch = await scratchWorkspace({ roles: ROLES });
const ws = scratch.workspace;

function row(line: number, eventType: string, overrides: Record<string, string> = {}) {
  return {
    line,
    values: {
      occurredAt: "2026-03-02T10:00:00Z",
      userId: `user-${line}`,
      deviceId: "dev",
      eventType,
      plan: "free",
      country: "fr",
      durationMs: String(line * 10),
      revenue: "",
      ...overrides,
    },
  };
}

describe("CSV imports", () => {
  it("stores chunks once, reports rejected lines and tells where to resume", async () => {
    const { secret } = await testApiKey(ws.id, scratch.people.member.email, "member", "member");
    const eventType = `csv_${Date.now()}`;
    const created = await callRoute(createImportRoute, {
      key: secret,
      body: { dataset: "usage_events", fileName: "events.csv", mapping: { when: "occurredAt" } },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { import: CsvImportSummary }).import.id;

    const first = [row(2, eventType), row(3, eventType, { durationMs: "soon" }), row(4, eventType, { occurredAt: "" })];
    const a = await callRoute(postChunk, { key: secret, params: { id }, body: { rows: first } });
    expect(a.body).toMatchObject({
      accepted: 1,
      duplicates: 0,
      import: { lastLine: 4, acceptedRows: 1, rejectedRows: 2 },
    });
    expect((a.body as ImportChunkResult).rejected.map((r) => [r.line, r.issues[0].path])).toEqual([
      [3, "durationMs"],
      [4, "occurredAt"],
    ]);
    // The connection dropped before the answer arrived: the page sends the chunk again.
    const again = await callRoute(postChunk, { key: secret, params: { id }, body: { rows: first } });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, import: { acceptedRows: 1, rejectedRows: 2 } });

    const progress = await callRoute(getImportRoute, { key: secret, params: { id } });
    expect((progress.body as { import: CsvImportSummary }).import.lastLine).toBe(4);

    const last = await callRoute(postChunk, {
      key: secret,
      params: { id },
      body: { rows: [row(5, eventType)], final: true },
    });
    expect(last.body).toMatchObject({
      accepted: 1,
      import: {
        status: "completed",
        totalRows: 4,
        acceptedRows: 2,
        rejectedRows: 2,
        rejections: [{ line: 3 }, { line: 4 }],
      },
    });
    const stored = await conn.query<{ client_id: string; revenue: number }>(
      sql`SELECT client_id, revenue_cents AS revenue FROM usage_events WHERE workspace_id = ${ws.id} AND event_type = ${eventType} ORDER BY client_id`,
    );
    expect(stored).toEqual([
      { client_id: `${id}:2`, revenue: 0 },
      { client_id: `${id}:5`, revenue: 0 },
    ]);
  });

  it("imports model metrics from CSV text, numbers and epoch times included", async () => {
    const { secret } = await testApiKey(ws.id, scratch.people.member.email, "member", "member");
    const created = await callRoute(createImportRoute, {
      key: secret,
      body: { dataset: "model_metrics", fileName: "metrics.csv", mapping: { model: "modelName" } },
    });
    const id = (created.body as { import: CsvImportSummary }).import.id;
    const model = `csv-model-${Date.now()}`;
    const values = {
      recordedAt: String(Date.UTC(2026, 2, 3)),
      modelName: model,
      modelVersion: "v2",
      accuracy: "0.91",
      precision: ".8",
      recall: "0.7",
      f1: "7.5e-1",
      latencyMs: "12",
      driftScore: "0",
      predictionCount: "1200",
    };
    const res = await callRoute(postChunk, {
      key: secret,
      params: { id },
      body: {
        rows: [
          { line: 2, values },
          { line: 3, values: { ...values, predictionCount: "12.5" } },
        ],
        final: true,
      },
    });
    expect(res.body).toMatchObject({ accepted: 1, rejected: [{ line: 3, issues: [{ path: "predictionCount" }] }] });
    const [row] = await conn.query<{ f1: number; recorded_at: unknown }>(
      sql`SELECT f1, recorded_at FROM model_metrics WHERE workspace_id = ${ws.id} AND model_name = ${model}`,
    );
    expect(row.f1).toBe(0.75);
    expect(new Date(row.recorded_at as string | number).getTime()).toBe(Date.UTC(2026, 2, 3));
  });

  it("keeps imports to their workspace and to members", async () => {
    const { secret: viewer } = await testApiKey(ws.id, scratch.people.viewer.email, "viewer", "viewer");
    const res = await callRoute(createImportRoute, {
      key: viewer,
      body: { dataset: "usage_events", fileName: "x.csv", mapping: {} },
    });
    expect(res.status).toBe(403);
    const { secret: gina } = await testApiKey(seeded().globex.id, "gina@globex.test", "member");
    const missing = await callRoute(getImportRoute, { key: gina, params: { id: "nope" } });
    expect(missing.status).toBe(404);
  });
});
