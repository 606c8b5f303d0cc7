import { describe, expect, it } from "vitest";
import { POST as eventsRoute } from "@/app/api/v1/events/route";
import { POST as metricsRoute } from "@/app/api/v1/model-metrics/route";
import { sql } from "../db/sql";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { ROLES } from "../roles";
import { seeded } from "../../testing/db";
import type { IngestResult } from "./schemas";

/**
 * Values are stored as sent, except the two documented normalisations (surrounding
 * U+0020 spaces removed from text, country codes upper-cased); each record says which of
 * its fields were normalised and which fields it carried that the record type lacks.
 */
describe("normalisation said out loud", () => {
  it("keeps BOM, tab, CR, NBSP and U+2028 as sent, reports trimmed spaces, upper-casing and unknown fields per record", async () => {
    const { conn } = seeded();
    const scratch = await scratchWorkspace({ roles: ROLES });
    const { secret } = await testApiKey(scratch.workspace.id, scratch.people.member.email, "member", "member");
    const base = {
      occurredAt: "2026-03-01T12:00:00Z",
      deviceId: "d",
      eventType: "norm",
      plan: "pro",
      country: "DE",
      durationMs: 1,
    };
    const records = [
      { ...base, id: "n-0", userId: "\uFEFFu0\t" },
      { ...base, id: "n-1", userId: "\ru1\u2028", plan: "\u00A0pro\u00A0" },
      { ...base, id: "n-2", userId: "  u2 ", country: "de", colour: "red", Revenue: 5 },
      { ...base, id: "n-3", userId: "u3" },
      { ...base, id: "n-4", userId: "u4", durationMs: -1, extra: true },
    ];
    const res = await callRoute(eventsRoute, { key: secret, body: { records } });
    expect(res.status).toBe(200);
    const body = res.body as IngestResult;
    expect(body.accepted).toBe(4);
    expect(body.rejected.map((r) => r.index)).toEqual([4]);
    expect(body.warnings).toEqual([
      { index: 2, id: "n-2", unknownFields: ["colour", "Revenue"], normalizedFields: ["userId", "country"] },
      { index: 4, id: "n-4", unknownFields: ["extra"] },
    ]);
    const stored = await conn.query<{ client_id: string; user_id: string; plan: string; country: string }>(
      sql`SELECT client_id, user_id, plan, country FROM usage_events WHERE workspace_id = ${scratch.workspace.id} ORDER BY client_id`,
    );
    expect(stored).toEqual([
      { client_id: "n-0", user_id: "\uFEFFu0\t", plan: "pro", country: "DE" },
      { client_id: "n-1", user_id: "\ru1\u2028", plan: "\u00A0pro\u00A0", country: "DE" },
      { client_id: "n-2", user_id: "u2", plan: "pro", country: "DE" },
      { client_id: "n-3", user_id: "u3", plan: "pro", country: "DE" },
    ]);

    // A value that is nothing but spaces is empty, and says so.
    const blank = await callRoute(eventsRoute, { key: secret, body: { records: [{ ...base, userId: "   " }] } });
    expect((blank.body as IngestResult).rejected[0].issues).toEqual([
      { path: "userId", message: "Must not be empty." },
    ]);
  });

  it("reports unknown fields on the other record types too", async () => {
    const scratch = await scratchWorkspace({ roles: ROLES });
    const { secret } = await testApiKey(scratch.workspace.id, scratch.people.member.email, "member", "member");
    const metric = {
      recordedAt: "2026-03-01T00:00:00Z",
      modelName: "m ",
      modelVersion: "v1",
      accuracy: 0.9,
      precision: 0.9,
      recall: 0.9,
      f1: 0.9,
      latencyMs: 1,
      driftScore: 0,
      predictionCount: 1,
      auc: 0.8,
    };
    const res = await callRoute(metricsRoute, { key: secret, body: { records: [metric] } });
    expect((res.body as IngestResult).warnings).toEqual([
      { index: 0, unknownFields: ["auc"], normalizedFields: ["modelName"] },
    ]);
  });
});
