import "server-only";
import { localDateSql } from "../analytics/local-time";
import type { Connection } from "../db/connection";
import { ApiError } from "../errors";
import { raw, sql } from "../db/sql";
import { fromCents, MAX_AMOUNT_TEXT, MAX_CENTS } from "../money/cents";
import { addDays } from "../time/zone";
import { openAlerts } from "./open-alerts";
import type { DateRange } from "./range";
import type { DashboardData } from "./types";

interface Totals {
  events: number;
  users: number;
  revenue: number;
}

async function usageTotals(conn: Connection, workspaceId: string, from: number, to: number): Promise<Totals> {
  // The sum of absolute cents bounds the sum (TOTAL is SQLite's SUM as a double, which never overflows).
  const absolute = raw(conn.provider === "sqlite" ? "TOTAL(ABS(revenue_cents))" : "SUM(ABS(revenue_cents))");
  const [row] = await conn.query<{ events: number; users: number; cents: number | null; absolute: number | null }>(sql`
    SELECT COUNT(*) AS events, COUNT(DISTINCT user_id) AS users, SUM(revenue_cents) AS cents, ${absolute} AS absolute
    FROM usage_events
    WHERE workspace_id = ${workspaceId} AND occurred_at >= ${new Date(from)} AND occurred_at < ${new Date(to)}`);
  if (Number(row.absolute ?? 0) > MAX_CENTS) {
    throw new ApiError(
      "unprocessable",
      `Revenue in this range could exceed ${MAX_AMOUNT_TEXT} USD, the largest sum Chartroom gives exactly. Choose a shorter range.`,
      { param: "from" },
    );
  }
  return { events: Number(row.events), users: Number(row.users), revenue: fromCents(Number(row.cents ?? 0)) };
}

async function meanAccuracy(conn: Connection, workspaceId: string, from: number, to: number): Promise<number> {
  const [row] = await conn.query<{ accuracy: number | null }>(sql`
    SELECT AVG(accuracy) AS accuracy FROM model_metrics
    WHERE workspace_id = ${workspaceId} AND recorded_at >= ${new Date(from)} AND recorded_at < ${new Date(to)}`);
  return Number(row.accuracy ?? 0);
}

/** Everything the dashboard shows for one workspace and range, straight from the database. */
export async function dashboardData(conn: Connection, workspaceId: string, range: DateRange): Promise<DashboardData> {
  const { fromMs, toMs } = range;
  const previousFrom = fromMs - (toMs - fromMs);
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const day = localDateSql(conn.provider, "occurred_at", range.timezone, fromMs, toMs);
  const metricDay = localDateSql(conn.provider, "recorded_at", range.timezone, fromMs, toMs);

  const [current, previous, accuracy, previousAccuracy, perDay, topTypes, trend, alerts] = await Promise.all([
    usageTotals(conn, workspaceId, fromMs, toMs),
    usageTotals(conn, workspaceId, previousFrom, fromMs),
    meanAccuracy(conn, workspaceId, fromMs, toMs),
    meanAccuracy(conn, workspaceId, previousFrom, fromMs),
    conn.query<{ day: string; events: number; users: number }>(sql`
      SELECT ${day} AS day, COUNT(*) AS events, COUNT(DISTINCT user_id) AS users
      FROM usage_events
      WHERE workspace_id = ${workspaceId} AND occurred_at >= ${from} AND occurred_at < ${to}
      GROUP BY 1 ORDER BY 1`),
    conn.query<{ event_type: string; events: number }>(sql`
      SELECT event_type, COUNT(*) AS events FROM usage_events
      WHERE workspace_id = ${workspaceId} AND occurred_at >= ${from} AND occurred_at < ${to}
      GROUP BY event_type ORDER BY events DESC, event_type LIMIT 8`),
    conn.query<{ day: string; model_name: string; accuracy: number }>(sql`
      SELECT ${metricDay} AS day, model_name, AVG(accuracy) AS accuracy FROM model_metrics
      WHERE workspace_id = ${workspaceId} AND recorded_at >= ${from} AND recorded_at < ${to}
      GROUP BY 1, model_name ORDER BY 1, model_name`),
    openAlerts(conn, workspaceId),
  ]);

  const byDay = new Map(perDay.map((r) => [r.day, r]));
  const eventsPerDay = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) {
    const r = byDay.get(d);
    eventsPerDay.push({ date: d, events: Number(r?.events ?? 0), uniqueUsers: Number(r?.users ?? 0) });
  }

  const models = [...new Set(trend.map((r) => r.model_name))].sort();
  const trendByDay = new Map<string, { date: string; [model: string]: number | string }>();
  for (const r of trend) {
    const entry = trendByDay.get(r.day) ?? { date: r.day };
    entry[r.model_name] = Math.round(Number(r.accuracy) * 10_000) / 10_000;
    trendByDay.set(r.day, entry);
  }

  return {
    range: { from: range.from, to: range.to, timezone: range.timezone },
    kpis: {
      events: { value: current.events, previous: previous.events },
      uniqueUsers: { value: current.users, previous: previous.users },
      revenue: { value: current.revenue, previous: previous.revenue },
      avgAccuracy: { value: round4(accuracy), previous: round4(previousAccuracy) },
      openAlerts: alerts.total,
    },
    eventsPerDay,
    topEventTypes: topTypes.map((r) => ({ eventType: r.event_type, events: Number(r.events) })),
    accuracyTrend: [...trendByDay.values()],
    models,
    openAlerts: { bySeverity: alerts.bySeverity, recent: alerts.recent },
  };
}

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;
