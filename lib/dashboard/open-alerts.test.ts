import { describe, expect, it } from "vitest";
import { GET as alertsRoute } from "@/app/api/v1/alerts/route";
import { db } from "../db";
import { connection } from "../db/connection";
import { ingest } from "../ingest/ingest";
import { callRoute, testApiKey } from "../../testing/api";
import { scratchWorkspace } from "../../testing/workspaces";
import { dashboardData } from "./queries";
import { resolveDateRange } from "./range";
import type { OpenAlerts } from "./types";

const scratch = await scratchWorkspace({ label: "alerts", roles: ["owner", "viewer"], templates: false });
const other = await scratchWorkspace({ label: "alerts-other", templates: false });
const ws = scratch.workspace;
const key = (await testApiKey(ws.id, scratch.people.viewer.email, "viewer", "viewer")).secret;

const severities = ["critical", "warning", "info", "warning", "info", "info"] as const;
await ingest(
  "alerts",
  ws.id,
  Array.from({ length: 12 }, (_, i) => ({
    triggeredAt: `2026-0${1 + (i % 3)}-1${i % 10}T08:00:00Z`,
    severity: severities[i % severities.length],
    source: "monitor",
    title: `Alert ${i}`,
  })),
);
await ingest("alerts", other.workspace.id, [
  { triggeredAt: "2026-02-01T00:00:00Z", severity: "critical", source: "monitor", title: "Elsewhere" },
]);
// Resolved alerts are not open, however recent: two of them.
const resolved = await db.alert.findMany({ where: { workspaceId: ws.id }, take: 2, orderBy: { id: "asc" } });
await db.alert.updateMany({ where: { id: { in: resolved.map((a) => a.id) } }, data: { resolvedAt: new Date() } });

describe("open alerts", () => {
  it("are the same for the sidebar's query and the dashboard, and count every unresolved alert", async () => {
    const answer = await callRoute(alertsRoute, { key, path: "/api/v1/alerts" });
    expect(answer.status).toBe(200);
    const sidebar = answer.body as OpenAlerts;
    const range = resolveDateRange({ from: "2026-01-01", to: "2026-01-31" }, "UTC");
    const dashboard = await dashboardData(connection(), ws.id, range);

    expect(sidebar.total).toBe(10);
    expect(dashboard.kpis.openAlerts).toBe(sidebar.total);
    expect(dashboard.openAlerts.bySeverity).toEqual(sidebar.bySeverity);
    expect(dashboard.openAlerts.recent).toEqual(sidebar.recent);
    expect(sidebar.bySeverity.reduce((sum, s) => sum + s.count, 0)).toBe(sidebar.total);
    expect(sidebar.recent.map((a) => a.title)).not.toContain("Elsewhere");
    expect(sidebar.recent.some((a) => resolved.some((r) => r.id === a.id))).toBe(false);
  });
});
