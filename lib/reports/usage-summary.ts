import "server-only";
import { localDateSql } from "../analytics/local-time";
import type { Connection } from "../db/connection";
import { sql } from "../db/sql";
import type { DateRange } from "../dashboard/range";
import type { CsvColumn } from "../exports/csv";

export interface UsageSummaryRow {
  date: string;
  event_type: string;
  events: number;
  unique_users: number;
  unique_devices: number;
  duration_ms: number;
  revenue: number | null;
}

export const USAGE_SUMMARY_COLUMNS: CsvColumn<UsageSummaryRow>[] = [
  { label: "Date", value: (r) => r.date },
  { label: "Event type", value: (r) => r.event_type },
  { label: "Events", value: (r) => Number(r.events) },
  { label: "Unique users", value: (r) => Number(r.unique_users) },
  { label: "Unique devices", value: (r) => Number(r.unique_devices) },
  { label: "Total duration (s)", value: (r) => Math.round(Number(r.duration_ms)) / 1000 },
  { label: "Revenue (USD)", value: (r) => Math.round(Number(r.revenue ?? 0) * 100) / 100 },
];

/** Usage per local day and event type, streamed from the database in batches. */
export function usageSummaryRows(conn: Connection, workspaceId: string, range: DateRange): AsyncGenerator<UsageSummaryRow[]> {
  const day = localDateSql(conn.provider, "occurred_at", range.timezone, range.fromMs, range.toMs);
  return conn.stream<UsageSummaryRow & Record<string, unknown>>(sql`
    SELECT ${day} AS date, event_type,
           COUNT(*) AS events,
           COUNT(DISTINCT user_id) AS unique_users,
           COUNT(DISTINCT device_id) AS unique_devices,
           SUM(duration_ms) AS duration_ms,
           SUM(revenue) AS revenue
    FROM usage_events
    WHERE workspace_id = ${workspaceId}
      AND occurred_at >= ${new Date(range.fromMs)} AND occurred_at < ${new Date(range.toMs)}
    GROUP BY 1, event_type
    ORDER BY 1, event_type`);
}
