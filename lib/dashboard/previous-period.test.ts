import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sql } from "../db/sql";
import { prepareExport } from "../exports/pipeline";
import { formatInteger } from "../format/numbers";
import { checkDefinition } from "../reports/check";
import { seeded } from "../../testing/db";
import { TEST_NOW } from "../../testing/fixtures";
import { referenceLocalDate, toMs } from "../../testing/independent";
import { dashboardData } from "./queries";
import { resolveDateRange } from "./range";

// Berlin leaves winter time on 2026-03-29: that day has 23 hours. The range below starts
// the day after, so its previous period (six whole local days) spans the change.
const ZONE = "Europe/Berlin";
const FROM = "2026-03-30";
const TO = "2026-04-04";
const BEFORE = { from: "2026-03-24", to: "2026-03-29" };

describe("previous period", () => {
  it("is the same whole local days on the dashboard and in the comparison PDF across a DST change", async () => {
    const { conn, acme } = seeded();
    const events = await conn.query<{ at: unknown }>(
      sql`SELECT occurred_at AS at FROM usage_events WHERE workspace_id = ${acme.id}`,
    );
    const inDays = (from: string, to: string) =>
      events.filter((e) => {
        const day = referenceLocalDate(ZONE, toMs(e.at));
        return day >= from && day <= to;
      }).length;
    const expected = inDays(BEFORE.from, BEFORE.to);
    // Counting 6 × 24 hours back from the range start would begin at 23:00 on 2026-03-23 and take in that hour too.
    const extraHour = events.filter((e) => {
      const ms = toMs(e.at);
      return ms >= Date.UTC(2026, 2, 23, 22) && ms < Date.UTC(2026, 2, 23, 23);
    }).length;
    expect(extraHour).toBeGreaterThan(0);

    const range = resolveDateRange({ from: FROM, to: TO }, ZONE, { now: TEST_NOW });
    expect(range.previous).toMatchObject(BEFORE);
    const dashboard = await dashboardData(conn, acme.id, range);
    expect(dashboard.previousRange).toEqual(BEFORE);
    expect(dashboard.kpis.events.previous).toBe(expected);
    expect(dashboard.kpis.events.value).toBe(inDays(FROM, TO));

    const report = checkDefinition(
      {
        dataset: "usage_events",
        measures: [{ fn: "count" }],
        timeRange: { type: "absolute", from: FROM, to: TO },
        chart: { type: "none" },
      },
      { timezone: ZONE, now: TEST_NOW },
    );
    const prepared = await prepareExport(
      conn,
      acme.id,
      { name: "Acme", slug: "acme", timezone: ZONE, locale: "en-US", brandColor: "#2563eb", logoUrl: null },
      report,
      { name: "Week", description: "" },
      { format: "pdf", template: "comparison" },
    );
    const dir = mkdtempSync(join(tmpdir(), "chartroom-previous-"));
    try {
      writeFileSync(join(dir, "c.pdf"), Buffer.from(await new Response(prepared.body).arrayBuffer()));
      const text = execFileSync("pdftotext", ["-layout", join(dir, "c.pdf"), "-"], { encoding: "utf8" }).replace(
        /\s+/g,
        " ",
      );
      expect(text).toContain("Compared with Mar 24, 2026 \u2013 Mar 29, 2026");
      expect(text).toContain(`vs ${formatInteger(expected, "en-US")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
