import { describe, expect, it } from "vitest";
import { connection } from "../db/connection";
import { ingest } from "../ingest/ingest";
import { scratchWorkspace } from "../../testing/workspaces";
import { collect } from "../../testing/compare-rows";
import { referenceRows } from "../../testing/reference-report";
import { checkDefinition } from "./check";
import { streamReport } from "./engine";
import type { ReportFilter } from "./definition";

// Plans that differ only in case, in ASCII and beyond it: PostgreSQL's LOWER() folds "É"
// under a UTF-8 locale, SQLite's does not, so "ignore case" is defined as A–Z only.
const PLANS = ["Pro", "PRO", "pro", "Élan", "élan", "Straße", "STRASSE", "ǅemal", "İstanbul", "istanbul"];
const { workspace } = await scratchWorkspace({ label: "ignore-case", templates: false });
const stored = await ingest(
  "usage_events",
  workspace.id,
  PLANS.map((plan, i) => ({
    occurredAt: `2026-04-0${1 + (i % 9)}T10:00:00Z`,
    userId: `u${i}`,
    deviceId: `d${i}`,
    eventType: "login",
    plan,
    country: "US",
    durationMs: 1,
  })),
);

async function plans(filter: ReportFilter): Promise<string[]> {
  const report = checkDefinition(
    {
      dataset: "usage_events",
      timeRange: { type: "absolute", from: "2026-04-01", to: "2026-04-30" },
      filters: [filter],
      columns: ["plan"],
    },
    { timezone: "UTC" },
  );
  const rows = await collect(streamReport(connection(), report, workspace.id));
  const reference = await referenceRows(connection(), report, workspace.id);
  const found = rows.map((r) => String(r.plan)).sort();
  expect(found, JSON.stringify(filter)).toEqual(reference.map((r) => String(r.plan)).sort());
  return found;
}

expect(stored.accepted).toBe(PLANS.length);
describe("text filters that ignore case", () => {
  it("fold A–Z only, the same on SQLite and PostgreSQL", async () => {
    expect(await plans({ field: "plan", op: "eq", value: "pro" })).toEqual(["pro"]);
    expect(await plans({ field: "plan", op: "eq", value: "pRo", ignoreCase: true })).toEqual(["PRO", "Pro", "pro"]);
    // Beyond ASCII a letter matches only itself: no "É" for "é", no "ß" for "SS", no dotless i.
    expect(await plans({ field: "plan", op: "eq", value: "élan", ignoreCase: true })).toEqual(["élan"]);
    expect(await plans({ field: "plan", op: "eq", value: "strasse", ignoreCase: true })).toEqual(["STRASSE"]);
    expect(await plans({ field: "plan", op: "eq", value: "İSTANBUL", ignoreCase: true })).toEqual(["İstanbul"]);
    // "ÉLAN" folds to "Élan": the "É" stays as it is.
    expect(await plans({ field: "plan", op: "in", value: ["PRO", "ÉLAN"], ignoreCase: true })).toEqual([
      "PRO",
      "Pro",
      "pro",
      "Élan",
    ]);
    expect(await plans({ field: "plan", op: "not_in", value: ["pro", "straSSe"], ignoreCase: true })).toHaveLength(6);
    expect(await plans({ field: "plan", op: "neq", value: "PRO", ignoreCase: true })).toHaveLength(7);
  });

  it("is how contains always compares, with the same folding on both databases", async () => {
    expect(await plans({ field: "plan", op: "contains", value: "É" })).toEqual(["Élan"]);
    expect(await plans({ field: "plan", op: "contains", value: "é" })).toEqual(["élan"]);
    expect(await plans({ field: "plan", op: "contains", value: "LAN" })).toEqual(["élan", "Élan"].sort());
    expect(await plans({ field: "plan", op: "contains", value: "ǆ" })).toEqual([]);
  });

  it("is refused where it means nothing", () => {
    for (const filter of [
      { field: "duration_ms", op: "eq", value: 1, ignoreCase: true },
      { field: "plan", op: "is_empty", ignoreCase: true },
    ]) {
      expect(() => checkDefinition({ dataset: "usage_events", filters: [filter] }, { timezone: "UTC" })).toThrowError(
        /Ignoring case applies to text comparisons/,
      );
    }
  });
});
