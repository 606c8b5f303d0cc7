import { describe, expect, it } from "vitest";
import { db } from "../db";
import { dashboardData } from "../dashboard/queries";
import { resolveDateRange } from "../dashboard/range";
import { formatInteger } from "../format/numbers";
import { checkDefinition } from "../reports/check";
import { createReport } from "../reports/service";
import { REPORT_TEMPLATES } from "../reports/templates";
import { seeded } from "../../testing/db";
import { TEST_NOW } from "../../testing/fixtures";
import { readPdfText } from "../../testing/export-readers";
import { pdfTiles } from "../../testing/pdf-tiles";
import { createExportJob } from "./jobs";
import { prepareExport } from "./pipeline";
import { exportStorage } from "./storage";
import type { ExportFormat } from "./types";
import { runJob } from "./worker";

const ZONE = "America/New_York";
const RANGE = { from: "2026-03-01", to: "2026-03-15" };

async function bytes(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(body).arrayBuffer());
}

async function stored(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await exportStorage().open(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The built-in usage report over a fixed range: unique users per day and event type. */
function usageSummary() {
  const template = REPORT_TEMPLATES.find((t) => t.key === "usage_summary")!;
  return {
    template,
    definition: { ...template.definition, timeRange: { type: "absolute" as const, ...RANGE } },
  };
}

describe("headline figures", () => {
  it("show on the PDF the dashboard's unique users for the same range, not a mean of the rows", async () => {
    const { conn, acme } = seeded();
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: acme.id } });
    const { template, definition } = usageSummary();
    const report = checkDefinition(definition, { timezone: ZONE, now: TEST_NOW });
    const prepared = await prepareExport(
      conn,
      acme.id,
      { ...workspace, timezone: ZONE },
      report,
      { name: template.name, description: template.description },
      { format: "pdf" },
    );
    const text = readPdfText(await bytes(prepared.body));
    const dashboard = await dashboardData(conn, acme.id, resolveDateRange(RANGE, ZONE, { now: TEST_NOW }));
    const users = dashboard.kpis.uniqueUsers.value;
    // Far more users over two weeks than on any one day and event type.
    expect(users).toBeGreaterThan(100);
    const tiles = pdfTiles(text, ["Total events", "Unique users", "Unique devices"]);
    expect(tiles?.[1]).toEqual({ label: "Unique users", value: formatInteger(users), detail: "unique over the range" });
    expect(prepared.meta.totals!.measures.find((m) => m.key === "count_distinct_user_id")!.value).toBe(users);
  });
});

describe("background exports", () => {
  it("carry the same title, description, notices and totals as a streamed download", async () => {
    const { conn, acme } = seeded();
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: acme.id } });
    const { definition } = usageSummary();
    const saved = await createReport(
      acme.id,
      workspace.timezone,
      { name: "Usage, first half of March", description: "Who used the product, per day.", definition },
      "tester@example.com",
    );
    for (const format of ["json", "pdf"] as ExportFormat[]) {
      const report = checkDefinition(saved.definition, { timezone: workspace.timezone });
      const streamed = await prepareExport(conn, acme.id, workspace, report, saved, { format });
      const streamedBytes = await bytes(streamed.body);

      const queued = await createExportJob(
        { workspaceId: acme.id, timezone: workspace.timezone, actor: "tester@example.com" },
        { reportId: saved.id, format, options: { bom: false, template: "detailed" } },
      );
      const job = await db.exportJob.update({
        where: { id: queued.id },
        data: { status: "running", workerId: "totals-test", attempts: 1, startedAt: new Date() },
      });
      await runJob(job, conn, "totals-test");
      const done = await db.exportJob.findUniqueOrThrow({ where: { id: queued.id } });
      expect(done.status, done.errorMessage ?? "").toBe("succeeded");
      const asyncBytes = await stored(done.storageKey!);

      if (format === "json") {
        const head = (b: Buffer) => {
          const { generatedAt: _generatedAt, ...rest } = JSON.parse(b.toString("utf8"));
          return rest;
        };
        expect(head(asyncBytes).report).toEqual({ name: saved.name, description: saved.description });
        expect(head(asyncBytes).totals.measures.length).toBe(3);
        expect(head(asyncBytes)).toEqual(head(streamedBytes));
      } else {
        // Everything but the generation time is the same text.
        const page = (b: Buffer) => readPdfText(b).replace(/Generated [^\n]*/g, "");
        expect(page(asyncBytes)).toContain("Who used the product, per day.");
        expect(page(asyncBytes)).toBe(page(streamedBytes));
      }
    }
  });
});
