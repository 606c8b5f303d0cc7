import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { assertMayDownload, createExportJob } from "../exports/jobs";
import { prepareExport } from "../exports/pipeline";
import { seeded } from "../../testing/db";
import { checkDefinition } from "./check";
import { previewReport, streamReport } from "./engine";
import { pseudonym, redactionFor } from "./redaction";

const rowsDefinition = {
  dataset: "usage_events",
  columns: ["occurred_at", "user_id", "device_id", "event_type"],
  timeRange: { type: "absolute", from: "2026-01-01", to: "2026-04-30" },
  sort: [{ key: "occurred_at", dir: "asc" }],
  limit: 2000,
};

async function allRows(workspaceId: string, redaction?: "masked" | "raw", definition: object = rowsDefinition) {
  const report = checkDefinition(definition, { timezone: "UTC" });
  report.redaction = redaction;
  const out = [];
  for await (const batch of streamReport(seeded().conn, report, workspaceId)) out.push(...batch);
  return out;
}

describe("redaction of sensitive fields", () => {
  it("masks user and device ids with stable per-workspace pseudonyms, one for each value", async () => {
    const { acme } = seeded();
    const raw = await allRows(acme.id, "raw");
    const masked = await allRows(acme.id, "masked");
    expect(masked).toHaveLength(raw.length);
    expect(raw.length).toBeGreaterThan(100);
    const mapping = new Map<string, string>();
    masked.forEach((row, i) => {
      expect(row.user_id).toMatch(/^user_[0-9a-f]{12}$/);
      expect(row.device_id).toMatch(/^device_[0-9a-f]{12}$/);
      expect(row.event_type).toBe(raw[i].event_type);
      const seen = mapping.get(String(raw[i].user_id));
      if (seen) expect(row.user_id).toBe(seen);
      mapping.set(String(raw[i].user_id), String(row.user_id));
    });
    // One pseudonym per user: nothing merged, nothing split.
    expect(new Set(mapping.values()).size).toBe(mapping.size);
    const someone = String(raw[0].user_id);
    expect(pseudonym(acme.id, "user_id", someone)).toBe(masked[0].user_id);
    expect(pseudonym("another-workspace", "user_id", someone)).not.toBe(masked[0].user_id);
    expect(JSON.stringify(masked)).not.toContain(someone);
  });

  it("masks the CSV fast path and every other export format", async () => {
    const { acme, conn } = seeded();
    const raw = await allRows(acme.id, "raw");
    const someone = String(raw[0].user_id);
    for (const format of ["csv", "json", "ndjson"] as const) {
      const report = checkDefinition(rowsDefinition, { timezone: "UTC" });
      report.redaction = "masked";
      const branding = {
        name: "Acme",
        slug: "acme",
        timezone: "UTC",
        locale: "en-US",
        brandColor: "#2563eb",
        logoUrl: null,
      };
      const prepared = await prepareExport(
        conn,
        acme.id,
        branding,
        report,
        { name: "Masked", description: "" },
        { format },
      );
      const text = await new Response(prepared.body).text();
      expect(text, format).not.toContain(someone);
      expect(text, format).toContain(pseudonym(acme.id, "user_id", someone));
    }
  });

  it("masks grouped values in previews but leaves measures over them alone", async () => {
    const { acme, conn } = seeded();
    const definition = {
      dataset: "usage_events",
      groupBy: ["user_id"],
      measures: [{ fn: "count" }, { fn: "count_distinct", field: "device_id" }],
      timeRange: { type: "absolute", from: "2026-01-01", to: "2026-04-30" },
      sort: [{ key: "count", dir: "desc" }],
      limit: 20,
    };
    const raw = checkDefinition(definition, { timezone: "UTC" });
    raw.redaction = "raw";
    const masked = checkDefinition(definition, { timezone: "UTC" });
    masked.redaction = "masked";
    const a = await previewReport(conn, raw, acme.id, 0, 20);
    const b = await previewReport(conn, masked, acme.id, 0, 20);
    expect(b.totalCount).toBe(a.totalCount);
    b.rows.forEach((row, i) => {
      expect(row.user_id).toBe(pseudonym(acme.id, "user_id", String(a.rows[i].user_id)));
      expect(row.count).toBe(a.rows[i].count);
    });
  });

  it("gives raw values only to admins who ask, and keeps raw files from members", async () => {
    expect(redactionFor("viewer", undefined)).toBe("masked");
    expect(redactionFor("owner", undefined)).toBe("masked");
    expect(redactionFor("admin", "raw")).toBe("raw");
    const refused = (() => {
      try {
        redactionFor("member", "raw");
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(403);

    const { acme } = seeded();
    const ctx = { workspaceId: acme.id, timezone: "UTC", actor: "admin@example.com" };
    const options = { bom: false, template: "detailed" as const, redaction: "raw" as const };
    const job = await createExportJob(
      { ...ctx, role: "admin" },
      { definition: rowsDefinition, name: "Raw", format: "csv", options },
    );
    expect(job.redaction).toBe("raw");
    const stored = { options: JSON.stringify({ redaction: job.redaction }) };
    expect(() => assertMayDownload(stored, "member")).toThrow(/only admins/);
    expect(() => assertMayDownload(stored, "admin")).not.toThrow();
    const memberJob = await createExportJob(
      { ...ctx, role: "member" },
      { definition: rowsDefinition, name: "Masked", format: "csv", options: { bom: false, template: "detailed" } },
    );
    expect(memberJob.redaction).toBe("masked");
    await expect(
      createExportJob({ ...ctx, role: "member" }, { definition: rowsDefinition, name: "Raw", format: "csv", options }),
    ).rejects.toThrow(/Only admins/);
  });
});
