// Shape of GET /api/dashboard, shared by the route and the dashboard UI.

export interface DashboardRange {
  /** Inclusive calendar dates in the workspace's time zone, YYYY-MM-DD. */
  from: string;
  to: string;
  timezone: string;
}

export interface Kpi {
  value: number;
  /** Same measure over the equally long period just before the range. */
  previous: number;
}

export interface DashboardData {
  range: DashboardRange;
  /** The period the KPIs compare with: the same number of whole local days just before the range. */
  previousRange: { from: string; to: string };
  /** Said above the figures, e.g. when the range was shortened to the maximum. */
  notices: string[];
  kpis: {
    events: Kpi;
    uniqueUsers: Kpi;
    revenue: Kpi;
    avgAccuracy: Kpi;
    openAlerts: number;
  };
  /** One entry per day of the range, zero-filled; `partial` for today and later (the day is not over). */
  eventsPerDay: { date: string; events: number; uniqueUsers: number; partial: boolean }[];
  topEventTypes: { eventType: string; events: number }[];
  /** One entry per day with data; one key per model name holding its mean accuracy (0–1). */
  accuracyTrend: { date: string; [model: string]: number | string }[];
  models: string[];
  openAlerts: Omit<OpenAlerts, "total">;
}

/** Unresolved alerts (GET /api/v1/alerts, and part of the dashboard). */
export interface OpenAlerts {
  total: number;
  bySeverity: { severity: "critical" | "warning" | "info"; count: number }[];
  recent: { id: number; triggeredAt: string; severity: string; source: string; title: string }[];
}
