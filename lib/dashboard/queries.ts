import "server-only";
import { localDateSql } from "../analytics/local-time";
import type { Connection } from "../db/connection";
import { sql } from "../db/sql";
import { ApiError } from "../errors";
import { MAX_AMOUNT_TEXT } from "../money/cents";
import { checkDefinition, type CheckedReport } from "../reports/check";
import { assertSumsInBounds } from "../reports/sum-bounds";
import { reportTotals } from "../reports/totals";
import { addDays } from "../time/zone";
import { openAlerts } from "./open-alerts";
import type { DateRange } from "./range";
import type { DashboardData } from "./types";

interface Totals {
  events: number;
  users: number;
  revenue: number;
}

// The dashboard's headline figures are reports' grand totals: the engine gives them,
// exactly as it gives every report's, PDF's and e-mail's.
const USAGE_TOTALS = {
  dataset: "usage_events",
  measures: [{ fn: "count" }, { fn: "count_distinct", field: "user_id" }, { fn: "sum", field: "revenue" }],
};
const ACCURACY_TOTALS = { dataset: "model_metrics", measures: [{ fn: "avg", field: "accuracy" }] };

/** One of the dashboard's periods as a checked report: its instants are [from, to), the previous one ends where this one starts. */
function periodReport(definition: object, range: DateRange, from: number, to: number) {
  const checked = checkDefinition(
    { ...definition, timeRange: { type: "absolute", from: range.from, to: range.to } },
    { timezone: range.timezone },
  );
  return { ...checked, range: { ...checked.range, fromMs: from, toMs: to } };
}

async function totalsOf(conn: Connection, report: CheckedReport, workspaceId: string) {
  const { measures } = await reportTotals(conn, report, workspaceId);
  return (key: string) => measures.find((m) => m.key === key)?.value ?? 0;
}

async function usageTotals(
  conn: Connection,
  workspaceId: string,
  range: DateRange,
  from: number,
  to: number,
): Promise<Totals> {
  const report = periodReport(USAGE_TOTALS, range, from, to);
  try {
    await assertSumsInBounds(conn, report, workspaceId);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // The dashboard's only choice is its date range: the refusal points there.
    throw new ApiError(
      "unprocessable",
      `Revenue in this range could exceed ${MAX_AMOUNT_TEXT} USD, the largest sum Chartroom gives exactly. Choose a shorter range.`,
      { param: "from" },
    );
  }
  const value = await totalsOf(conn, report, workspaceId);
  return { events: value("count"), users: value("count_distinct_user_id"), revenue: value("sum_revenue") };
}

async function meanAccuracy(
  conn: Connection,
  workspaceId: string,
  range: DateRange,
  from: number,
  to: number,
): Promise<number> {
  const value = await totalsOf(conn, periodReport(ACCURACY_TOTALS, range, from, to), workspaceId);
  return value("avg_accuracy");
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

  const [current, before, accuracy, previousAccuracy, perDay, topTypes, trend, alerts] = await Promise.all([
    usageTotals(conn, workspaceId, range, fromMs, toMs),
    usageTotals(conn, workspaceId, range, previous.fromMs, previous.toMs),
    meanAccuracy(conn, workspaceId, range, fromMs, toMs),
    meanAccuracy(conn, workspaceId, range, previous.fromMs, previous.toMs),
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

  return {
    range: { from: range.from, to: range.to, timezone: range.timezone },
    previousRange: { from: previous.from, to: previous.to },
    notices: range.notice ? [range.notice] : [],
    kpis: {
      events: { value: current.events, previous: before.events },
      uniqueUsers: { value: current.users, previous: before.users },
      revenue: { value: current.revenue, previous: before.revenue },
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
