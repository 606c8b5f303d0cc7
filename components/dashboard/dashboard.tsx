"use client";

import { useState } from "react";
import { ExportDialog } from "@/components/exports/export-dialog";
import { useOpenAlerts } from "@/components/hooks/alert-queries";
import { ApiRequestError, useDashboard } from "@/components/hooks/queries";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { dashboardExportDefinition } from "@/lib/dashboard/export";
import type { DashboardData } from "@/lib/dashboard/types";
import type { WorkspaceSummary } from "@/lib/workspace-summary";
import { AccuracyChart } from "./accuracy-chart";
import { DashboardSkeleton } from "./dashboard-skeleton";
import type { DayRange } from "./date-range";
import { DateRangePicker } from "./date-range-picker";
import { EventsChart } from "./events-chart";
import { KpiTiles } from "./kpi-tiles";
import { OpenAlertsCard } from "./open-alerts-card";
import { TopEventTypesChart } from "./top-event-types-chart";

interface DashboardProps {
  workspace: WorkspaceSummary;
  initialRange: { from: string; to: string };
  /** Members and above start export jobs; viewers download the file directly. */
  canExport: boolean;
}

export function Dashboard(props: DashboardProps) {
  // Remount per workspace so a switch starts from that workspace's default range.
  return <DashboardView key={props.workspace.id} {...props} />;
}

function DashboardView({ workspace, initialRange, canExport }: DashboardProps) {
  const [range, setRange] = useState<DayRange>(initialRange);
  const [exportOpen, setExportOpen] = useState(false);
  const query = useDashboard(workspace.id, range.from, range.to);
  const exportHref = `/api/reports/usage-summary/export?format=csv&from=${range.from}&to=${range.to}`;

  return (
    <div className="dashboard">
      <header className="page-header">
        <div className="page-heading">
          <h1 className="page-title">Dashboard</h1>
          <div className="page-meta">
            <p className="page-subtitle">Times in {workspace.timezone}</p>
            <span className="updating" aria-live="polite">
              {query.isPlaceholderData && query.isFetching ? "Updating…" : null}
            </span>
          </div>
        </div>
        <div className="page-actions">
          <DateRangePicker anchor={initialRange.to} value={range} onChange={setRange} />
          {canExport ? (
            <Button variant="primary" aria-haspopup="dialog" onClick={() => setExportOpen(true)}>
              Download report
            </Button>
          ) : (
            <a className={buttonClassName("primary")} href={exportHref} download>
              Download report
            </a>
          )}
        </div>
      </header>
      {canExport ? (
        <ExportDialog
          open={exportOpen}
          onClose={() => setExportOpen(false)}
          source={{ definition: dashboardExportDefinition(range.from, range.to), name: "Usage summary" }}
          canExport
        />
      ) : null}

      {query.isPending ? (
        <DashboardSkeleton />
      ) : query.isError ? (
        <Card className="error-card" role="alert">
          <h2 className="card-title">Could not load the dashboard</h2>
          <p className="error-message">{query.error.message}</p>
          {/* A request the server refused (a bad range) fails the same way again: no retry button for it. */}
          {query.error instanceof ApiRequestError && query.error.status < 500 ? null : (
            <Button onClick={() => void query.refetch()} disabled={query.isFetching}>
              {query.isFetching ? "Retrying…" : "Try again"}
            </Button>
          )}
        </Card>
      ) : (
        <DashboardBody data={query.data} workspace={workspace} stale={query.isPlaceholderData} />
      )}
    </div>
  );
}

function DashboardBody(props: { data: DashboardData; workspace: WorkspaceSummary; stale: boolean }) {
  const { data, workspace } = props;
  const empty = data.kpis.events.value === 0;
  const alerts = useOpenAlerts(workspace.id);

  return (
    <div className={props.stale ? "dashboard-body is-stale" : "dashboard-body"}>
      {data.notices.map((notice) => (
        <p key={notice} className="notice notice-warning" role="status">
          {notice}
        </p>
      ))}
      <KpiTiles kpis={data.kpis} previousRange={data.previousRange} openAlerts={alerts.data?.total} />
      <div className="chart-grid">
        {empty ? (
          <Card className="empty-card chart-card-full" data-testid="dashboard-empty">
            <p className="empty-title">No events in this range.</p>
            <p className="empty-hint">Try a longer range, or check that events are being sent to this workspace.</p>
          </Card>
        ) : (
          <>
            <EventsChart data={data.eventsPerDay} brandColor={workspace.brandColor} />
            <TopEventTypesChart data={data.topEventTypes} brandColor={workspace.brandColor} />
          </>
        )}
        <AccuracyChart trend={data.accuracyTrend} models={data.models} />
        <OpenAlertsCard alerts={alerts.data} timeZone={workspace.timezone} />
      </div>
    </div>
  );
}
