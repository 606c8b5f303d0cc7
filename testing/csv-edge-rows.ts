import fc from "fast-check";
import type { UsageEventRow } from "../lib/demo/factories";
import { unstorableProblem } from "../lib/text/unstorable-characters";
import { hostileString } from "./hostile-strings";

// Usage events that every fast CSV path must write byte for byte as the in-process writer
// does: instants around the DST changes of zones with odd offsets, hostile text, and
// integers and amounts at their edges.

export const CSV_EDGE_ZONES = [
  "America/New_York",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
  "America/St_Johns",
  "Pacific/Chatham",
  "UTC",
];

/** DST changes of 2026 in the zones above, and the ends of the range. */
export const CSV_EDGE_ANCHORS = [
  Date.UTC(2026, 2, 8, 7),
  Date.UTC(2026, 10, 1, 6),
  Date.UTC(2026, 3, 4, 15),
  Date.UTC(2026, 9, 3, 15, 30),
  Date.UTC(2026, 2, 8, 5, 30),
  Date.UTC(2026, 3, 4, 14),
  Date.UTC(2026, 8, 26, 14),
  Date.UTC(2026, 0, 1),
  Date.UTC(2026, 11, 31, 23, 59, 59, 999) - 14 * 3_600_000,
];

const EDGE_INTEGERS = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 999, -1000];
const EDGE_CENTS = [0, 1, -1, 5, 10, 99, 100, 101, -5, -10, -150, 123456789, 2 ** 50 - 1, -(2 ** 50 - 1), 2 ** 49 + 7];

const storableText = hostileString().filter((s) => unstorableProblem(s) === null && s.length > 0);

/**
 * 81 rows around each anchor. Half the rows have one text cell at most that needs care
 * (taken from `plain`, the hazards the caller cares about, or generated hostile text), the
 * others none.
 */
export function csvEdgeRows(workspaceId: string, options: { seed: number; plain: readonly string[] }): UsageEventRow[] {
  const texts = fc.sample(storableText, { numRuns: 600, seed: options.seed });
  const { plain } = options;
  const ordinary = ["a", "b-c", "x y", "Zürich", "東京", "1", "u_1"];
  const rows: UsageEventRow[] = [];
  let i = 0;
  const text = () => (i % 3 === 0 ? plain[i % plain.length] : texts[i % texts.length]);
  const other = (k: number) => (i % 2 === 0 ? ordinary[(i * k) % ordinary.length] : texts[(i * k) % texts.length]);
  for (const anchor of CSV_EDGE_ANCHORS) {
    for (let d = -40; d <= 40; d++) {
      i++;
      rows.push({
        workspaceId,
        // Around each change: whole minutes and odd milliseconds on both sides.
        occurredAt: anchor + d * 45_001 + (i % 7) * 137,
        userId: i % 2 === 0 ? plain[(i / 2) % plain.length] : text(),
        deviceId: other(7),
        eventType: i % 2 === 0 ? other(3) : text(),
        plan: i % 2 === 0 ? other(5) : plain[(i * 5) % plain.length],
        country: other(11),
        durationMs: EDGE_INTEGERS[i % EDGE_INTEGERS.length],
        revenueCents: EDGE_CENTS[i % EDGE_CENTS.length],
      });
    }
  }
  return rows;
}
