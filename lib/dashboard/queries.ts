import "server-only";
import { localDateSql } from "../analytics/local-time";
import type { Connection } from "../db/connection";
import { ApiError } from "../errors";
import { raw, sql, toDate } from "../db/sql";
import { fromCents, MAX_AMOUNT_TEXT, MAX_CENTS } from "../money/cents";
import { addDays } from "../time/zone";
import type { DateRange } from "./range";
import type { DashboardData } from "./types";

const SEVERITIES = ["critical", "warning", "info"] as const;

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
  // Whole local days, like the comparison PDF: across a DST change the previous period is not a fixed number of hours.
  const previous = range.previous;
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const day = localDateSql(conn.provider, "occurred_at", range.timezone, fromMs, toMs);
  const metricDay = localDateSql(conn.provider, "recorded_at", range.timezone, fromMs, toMs);

  const [current, before, accuracy, previousAccuracy, perDay, topTypes, trend, bySeverity, recent] = await Promise.all([
    usageTotals(conn, workspaceId, fromMs, toMs),
    usageTotals(conn, workspaceId, previous.fromMs, previous.toMs),
    meanAccuracy(conn, workspaceId, fromMs, toMs),
    meanAccuracy(conn, workspaceId, previous.fromMs, previous.toMs),
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
    conn.query<{ severity: string; n: number }>(sql`
      SELECT severity, COUNT(*) AS n FROM alerts
      WHERE workspace_id = ${workspaceId} AND resolved_at IS NULL GROUP BY severity`),
    conn.query<{ id: number; triggered_at: unknown; severity: string; source: string; title: string }>(sql`
      SELECT id, triggered_at, severity, source, title FROM alerts
      WHERE workspace_id = ${workspaceId} AND resolved_at IS NULL
      ORDER BY triggered_at DESC, id DESC LIMIT 8`),
  ]);

  const byDay = new Map(perDay.map((r) => [r.day, r]));
  const eventsPerDay = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) {
    const r = byDay.get(d);
    eventsPerDay.push({
      date: d,
      events: Number(r?.events ?? 0),
      uniqueUsers: Number(r?.users ?? 0),
      partial: d >= range.today,
    });
  }

  const models = [...new Set(trend.map((r) => r.model_name))].sort();
  const trendByDay = new Map<string, { date: string; [model: string]: number | string }>();
  for (const r of trend) {
    const entry = trendByDay.get(r.day) ?? { date: r.day };
    entry[r.model_name] = Math.round(Number(r.accuracy) * 10_000) / 10_000;
    trendByDay.set(r.day, entry);
  }

  const severityCount = new Map(bySeverity.map((r) => [r.severity, Number(r.n)]));
  return {
    range: { from: range.from, to: range.to, timezone: range.timezone },
    previousRange: { from: previous.from, to: previous.to },
    notices: range.notice ? [range.notice] : [],
    kpis: {
      events: { value: current.events, previous: before.events },
      uniqueUsers: { value: current.users, previous: before.users },
      revenue: { value: current.revenue, previous: before.revenue },
      avgAccuracy: { value: round4(accuracy), previous: round4(previousAccuracy) },
      openAlerts: [...severityCount.values()].reduce((a, b) => a + b, 0),
    },
    eventsPerDay,
    topEventTypes: topTypes.map((r) => ({ eventType: r.event_type, events: Number(r.events) })),
    accuracyTrend: [...trendByDay.values()],
    models,
    openAlerts: {
      bySeverity: SEVERITIES.map((severity) => ({ severity, count: severityCount.get(severity) ?? 0 })),
      recent: recent.map((r) => ({
        id: Number(r.id),
        triggeredAt: toDate(r.triggered_at)!.toISOString(),
        severity: r.severity,
        source: r.source,
        title: r.title,
      })),
    },
  };
}

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;
