import { expect } from "vitest";
import type { ReportRow } from "../lib/reports/engine";

export type Loose = Record<string, unknown>;

export function comparable(v: unknown): unknown {
  if (v instanceof Date) return v.getTime();
  return v;
}

/** Same groups (by their dimension values) with the same measures, in any order. */
export function expectSameRows(actual: Loose[], expected: Loose[], dims: string[], measures: string[]) {
  const key = (r: Loose) => JSON.stringify(dims.map((d) => comparable(r[d])));
  const byKey = new Map(expected.map((r) => [key(r), r]));
  expect(actual.length).toBe(expected.length);
  for (const row of actual) {
    const want = byKey.get(key(row));
    expect(want, key(row)).toBeDefined();
    for (const m of measures) {
      const a = comparable(row[m]);
      const e = want![m];
      if (typeof e === "number" && typeof a === "number") {
        expect(a, `${key(row)} ${m}`).toBeCloseTo(e, Math.abs(e) > 1000 ? 2 : 6);
      } else {
        expect(a, `${key(row)} ${m}`).toEqual(e ?? null);
      }
    }
  }
}

export async function collect(gen: AsyncGenerator<ReportRow[]>, sizes: number[] = []): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  for await (const batch of gen) {
    sizes.push(batch.length);
    rows.push(...batch);
  }
  return rows;
}
