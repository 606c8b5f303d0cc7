import "server-only";
import type { Connection } from "../db/connection";
import { sql, toDate } from "../db/sql";
import type { OpenAlerts } from "./types";

const SEVERITIES = ["critical", "warning", "info"] as const;

/**
 * The workspace's unresolved alerts: the one answer behind the dashboard's tile and card
 * and the sidebar's Alerts, so no two places can count them differently.
 */
export async function openAlerts(conn: Connection, workspaceId: string, recentLimit = 8): Promise<OpenAlerts> {
  const [bySeverity, recent] = await Promise.all([
    conn.query<{ severity: string; n: number }>(sql`
      SELECT severity, COUNT(*) AS n FROM alerts
      WHERE workspace_id = ${workspaceId} AND resolved_at IS NULL GROUP BY severity`),
    conn.query<{ id: number; triggered_at: unknown; severity: string; source: string; title: string }>(sql`
      SELECT id, triggered_at, severity, source, title FROM alerts
      WHERE workspace_id = ${workspaceId} AND resolved_at IS NULL
      ORDER BY triggered_at DESC, id DESC LIMIT ${recentLimit}`),
  ]);
  const counts = new Map(bySeverity.map((r) => [r.severity, Number(r.n)]));
  return {
    // Every unresolved alert counts, whatever its severity says.
    total: [...counts.values()].reduce((a, b) => a + b, 0),
    bySeverity: SEVERITIES.map((severity) => ({ severity, count: counts.get(severity) ?? 0 })),
    recent: recent.map((r) => ({
      id: Number(r.id),
      triggeredAt: toDate(r.triggered_at)!.toISOString(),
      severity: r.severity,
      source: r.source,
      title: r.title,
    })),
  };
}
