import { describe, expect, it } from "vitest";
import { POST as postAlerts } from "@/app/api/v1/alerts/route";
import { POST as postEvents } from "@/app/api/v1/events/route";
import { POST as postMetrics } from "@/app/api/v1/model-metrics/route";
import { sql } from "../db/sql";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import { seeded } from "../../testing/db";
import type { IngestResult } from "./schemas";

const { conn } = seeded();
const scratch = await scratchWorkspace({ roles: ROLES });
const ws = scratch.workspace;
const BASE = Date.UTC(2026, 2, 1);

function event(run: string, i: number): Record<string, unknown> {
  return {
    id: `${run}-${i}`,
    occurredAt: new Date(BASE + i * 1000).toISOString(),
    userId: `u-${i % 97}`,
    deviceId: `d-${i % 13}`,
    eventType: `ingest_${run}`,
    plan: "pro",
    country: "de",
    durationMs: i,
    revenue: i % 10 === 0 ? 1.5 : 0,
  };
}

/** Every hundredth record is broken in one of a few ways. */
function broken(record: Record<string, unknown>, i: number): Record<string, unknown> {
  switch ((i / 100) % 4) {
    case 0:
      return { ...record, occurredAt: "yesterday" };
    case 1:
      return { ...record, durationMs: -5 };
    case 2:
      return { ...record, country: "Germany", userId: "" };
    default:
      return { ...record, eventType: undefined };
  }
}

describe("POST /api/v1/events", () => {
  it("stores exactly the valid records once across 10,000 events, a resent batch and 1% invalid records", async () => {
    const { secret } = await testApiKey(ws.id, scratch.people.member.email, "member", "member");
    const run = `r${Date.now()}`;
    const records = Array.from({ length: 10_000 }, (_, i) =>
      i % 100 === 0 ? broken(event(run, i), i) : event(run, i),
    );
    const batches = Array.from({ length: 10 }, (_, b) => records.slice(b * 1000, (b + 1) * 1000));
    // The fourth batch goes twice, as a client would after a timeout.
    const sends = [...batches.slice(0, 4), batches[3], ...batches.slice(4)];
    const results: IngestResult[] = [];
    for (const batch of sends) {
      const res = await callRoute(postEvents, { key: secret, body: { records: batch } });
      expect(res.status).toBe(200);
      results.push(res.body as IngestResult);
    }

    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(9_900);
    expect(results[4]).toMatchObject({ accepted: 0, duplicates: 990 });
    expect(results.filter((_, i) => i !== 4).every((r) => r.duplicates === 0)).toBe(true);
    const rejected = results.filter((_, i) => i !== 4).flatMap((r) => r.rejected);
    expect(rejected).toHaveLength(100);
    expect(rejected.every((r) => r.issues.length > 0 && r.issues.every((i) => i.path && i.message))).toBe(true);
    expect(results[0].rejected.map((r) => r.index)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(results[0].rejected[0]).toMatchObject({ id: `${run}-0`, issues: [{ path: "occurredAt" }] });
    expect(results[0].rejected[1].issues).toEqual([{ path: "durationMs", message: expect.any(String) }]);
    expect(results[0].rejected[2].issues.map((i) => i.path).sort()).toEqual(["country", "userId"]);

    const stored = await conn.query<{ client_id: string; country: string; duration_ms: number }>(
      sql`SELECT client_id, country, duration_ms FROM usage_events WHERE workspace_id = ${ws.id} AND event_type = ${`ingest_${run}`}`,
    );
    expect(stored).toHaveLength(9_900);
    const ids = new Set(stored.map((r) => r.client_id));
    expect(ids.size).toBe(9_900);
    for (let i = 0; i < 10_000; i++) expect(ids.has(`${run}-${i}`)).toBe(i % 100 !== 0);
    expect(stored.every((r) => r.country === "DE")).toBe(true);
  });

  it("answers 400 for an empty or oversized batch and 401 without a valid key", async () => {
    const { secret } = await testApiKey(ws.id, scratch.people.member.email, "member", "member");
    expect((await callRoute(postEvents, { key: secret, body: { records: [] } })).status).toBe(400);
    const big = Array.from({ length: 1001 }, (_, i) => event("big", i));
    const res = await callRoute(postEvents, { key: secret, body: { records: big } });
    expect(res).toMatchObject({ status: 400, body: { error: { code: "invalid_parameter", param: "records" } } });
    expect((await callRoute(postEvents, { key: "chr_nope", body: { records: [event("x", 1)] } })).status).toBe(401);
  });

  it("lets a viewer key read but not ingest", async () => {
    const { secret } = await testApiKey(ws.id, scratch.people.viewer.email, "viewer", "viewer");
    const res = await callRoute(postEvents, { key: secret, body: { records: [event("viewer", 1)] } });
    expect(res).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
  });
});

describe("POST /api/v1/model-metrics and /api/v1/alerts", () => {
  it("store valid records once and reject the rest with reasons", async () => {
    const { secret } = await testApiKey(ws.id, scratch.people.owner.email, "member");
    const run = `m${Date.now()}`;
    const metric = {
      id: `${run}-1`,
      recordedAt: BASE,
      modelName: `model-${run}`,
      modelVersion: "v1",
      accuracy: 0.9,
      precision: 0.8,
      recall: 0.7,
      f1: 0.75,
      latencyMs: 12.5,
      driftScore: 0.1,
      predictionCount: 1000,
    };
    const first = await callRoute(postMetrics, {
      key: secret,
      body: { records: [metric, { ...metric, id: `${run}-2`, accuracy: 1.5 }] },
    });
    expect(first.body).toMatchObject({
      accepted: 1,
      duplicates: 0,
      rejected: [{ index: 1, issues: [{ path: "accuracy" }] }],
    });
    const again = await callRoute(postMetrics, { key: secret, body: { records: [metric] } });
    expect(again.body).toEqual({ accepted: 0, duplicates: 1, rejected: [], warnings: [] });

    const alert = {
      id: `${run}-a`,
      triggeredAt: "2026-03-01T10:00:00+01:00",
      severity: "warning",
      source: run,
      title: "Drift",
      resolvedAt: null,
    };
    const alerts = await callRoute(postAlerts, {
      key: secret,
      body: { records: [alert, alert, { ...alert, id: `${run}-b`, severity: "loud" }] },
    });
    expect(alerts.body).toMatchObject({
      accepted: 1,
      duplicates: 1,
      rejected: [{ index: 2, id: `${run}-b`, issues: [{ path: "severity" }] }],
    });
    const [row] = await conn.query<{ triggered_at: unknown }>(
      sql`SELECT triggered_at FROM alerts WHERE workspace_id = ${ws.id} AND source = ${run}`,
    );
    expect(new Date(row.triggered_at as string | number).toISOString()).toBe("2026-03-01T09:00:00.000Z");
  });
});
