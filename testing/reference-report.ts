// A second, deliberately naive implementation of report semantics: fetch every raw row
// with plain SQL, then filter, bucket (with Intl), group and aggregate in JavaScript.
// The query engine's results are compared against it.
import type { Connection } from "../lib/db/connection";
import { raw, sql } from "../lib/db/sql";
import type { CheckedReport } from "../lib/reports/check";
import { measureKey } from "../lib/reports/definition";
import { referenceLocalDate, toMs } from "./independent";

type Raw = Record<string, unknown>;

const hourFormats = new Map<string, Intl.DateTimeFormat>();
function localHour(tz: string, ms: number): string {
  let f = hourFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", hourCycle: "h23" });
    hourFormats.set(tz, f);
  }
  return `${referenceLocalDate(tz, ms)} ${f.format(new Date(ms)).padStart(2, "0")}:00`;
}

function bucketOf(unit: string, tz: string, ms: number): string {
  const day = referenceLocalDate(tz, ms);
  if (unit === "day") return day;
  if (unit === "hour") return localHour(tz, ms);
  if (unit === "month") return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = p * (s.length - 1);
  const lo = Math.floor(rank);
  return s[lo] + (s[Math.ceil(rank)] - s[lo]) * (rank - lo);
}

/** Case folding as Chartroom defines it: A–Z only, whatever the database or locale. */
const foldAscii = (text: string) => [...text].map((c) => (c >= "A" && c <= "Z" ? c.toLowerCase() : c)).join("");

function matches(stored: unknown, op: string, value: unknown, type: string, ignoreCase = false): boolean {
  const fold = (x: unknown) => (ignoreCase && typeof x === "string" ? foldAscii(x) : x);
  const cell = type === "datetime" ? (stored === null ? null : toMs(stored)) : fold(stored);
  const values = (Array.isArray(value) ? value : [value]).map((x) =>
    type === "datetime" ? Date.parse(String(x).length === 10 ? `${x}T00:00:00Z` : String(x)) : fold(x),
  );
  switch (op) {
    case "eq":
      return cell === values[0];
    case "neq":
      return cell !== values[0];
    case "in":
      return values.includes(cell);
    case "not_in":
      return !values.includes(cell);
    case "contains":
      return typeof cell === "string" && foldAscii(cell).includes(foldAscii(String(values[0])));
    case "gt":
      return cell !== null && (cell as number) > (values[0] as number);
    case "gte":
      return cell !== null && (cell as number) >= (values[0] as number);
    case "lt":
      return cell !== null && (cell as number) < (values[0] as number);
    case "lte":
      return cell !== null && (cell as number) <= (values[0] as number);
    case "between":
      return cell !== null && (cell as number) >= (values[0] as number) && (cell as number) <= (values[1] as number);
    case "is_empty":
      return cell === null || cell === "";
    case "is_not_empty":
      return cell !== null && cell !== "";
  }
  throw new Error(`op ${op}`);
}

/** Every row the report should return, unsorted and unlimited, keyed by output column. */
export async function referenceRows(conn: Connection, report: CheckedReport, workspaceId: string) {
  const { dataset, definition, range } = report;
  const field = (key: string) => dataset.fields.find((f) => f.key === key)!;
  const all = await conn.query<Raw>(sql`SELECT * FROM ${raw(dataset.table)} WHERE workspace_id = ${workspaceId}`);
  // Money is stored in cents; reports show amounts.
  for (const f of dataset.fields.filter((x) => x.cents)) {
    for (const r of all) r[f.column] = Number(r[f.column]) / 100;
  }
  const rows = all.filter((r) => {
    const t = toMs(r[field(dataset.timeField).column]);
    if (t < range.fromMs || t >= range.toMs) return false;
    return definition.filters.every((f) => {
      const def = field(f.field);
      return matches(r[def.column] ?? null, f.op, f.value, def.type, f.ignoreCase);
    });
  });

  if (!report.aggregated) {
    return rows.map((r) =>
      Object.fromEntries(
        report.columns.map((c) => {
          const v = r[field(c.key).column];
          return [c.key, c.type === "datetime" ? (v === null ? null : toMs(v)) : v];
        }),
      ),
    );
  }

  const groups = new Map<string, { key: Record<string, unknown>; rows: Raw[] }>();
  for (const r of rows) {
    const key: Record<string, unknown> = {};
    if (definition.timeBucket) {
      key.period = bucketOf(definition.timeBucket, range.timezone, toMs(r[field(dataset.timeField).column]));
    }
    for (const g of definition.groupBy) key[g] = r[field(g).column];
    const id = JSON.stringify(key);
    const entry = groups.get(id) ?? { key, rows: [] };
    entry.rows.push(r);
    groups.set(id, entry);
  }
  return [...groups.values()].map(({ key, rows: members }) => {
    const out: Record<string, unknown> = { ...key };
    for (const m of definition.measures) {
      const col = m.field ? field(m.field).column : "";
      const vals = members.map((r) => r[col]).filter((v) => v !== null && v !== undefined);
      const nums = vals.map((v) => (field(m.field ?? dataset.timeField).type === "datetime" ? toMs(v) : Number(v)));
      out[measureKey(m)] = {
        count: members.length,
        count_distinct: new Set(vals.map(String)).size,
        sum: nums.reduce((a, b) => a + b, 0),
        avg: nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null,
        min: nums.length ? Math.min(...nums) : null,
        max: nums.length ? Math.max(...nums) : null,
        p50: percentile(nums, 0.5),
        p95: percentile(nums, 0.95),
      }[m.fn];
    }
    return out;
  });
}
