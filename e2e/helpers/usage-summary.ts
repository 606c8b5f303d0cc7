import { expect } from "@playwright/test";
import Papa from "papaparse";
import { e2eDatabase, localDay, workspaceBySlug } from "./db";

export const USAGE_SUMMARY_HEADER = [
  "Day",
  "Event type",
  "Events",
  "Unique users",
  "Unique devices",
  "Total duration (ms)",
  "Revenue (USD)",
];

/**
 * Checks a downloaded usage summary CSV against the database: the header, one row per
 * local day and event type, and each row's event count, counted here from the raw
 * events with Intl's own time-zone handling.
 */
export function expectUsageSummaryMatchesDatabase(text: string, slug: string, from: string, to: string) {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.meta.fields).toEqual(USAGE_SUMMARY_HEADER);
  const workspace = workspaceBySlug(slug);
  const db = e2eDatabase();
  const events = db
    .prepare("SELECT occurred_at AS at, event_type FROM usage_events WHERE workspace_id = ?")
    .all(workspace.id) as { at: number; event_type: string }[];
  db.close();
  const expected = new Map<string, number>();
  for (const e of events) {
    const day = localDay(workspace.timezone, e.at);
    if (day < from || day > to) continue;
    const key = `${day}|${e.event_type}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  expect(parsed.data.length).toBe(expected.size);
  for (const row of parsed.data) expect(Number(row.Events)).toBe(expected.get(`${row.Day}|${row["Event type"]}`));
  return parsed.data;
}
