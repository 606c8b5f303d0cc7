import type { ReportDefinitionInput } from "./definition";

export interface ReportTemplate {
  key: string;
  name: string;
  description: string;
  definition: ReportDefinitionInput & { dataset: string };
}

/** Bump when the list below changes, so existing workspaces receive new templates once. */
export const TEMPLATES_VERSION = 1;

export const REPORT_TEMPLATES: ReportTemplate[] = [
  {
    key: "usage_summary",
    name: "Usage Summary",
    description: "Events, unique users and unique devices per day and event type over the last 7 days.",
    definition: {
      dataset: "usage_events",
      timeRange: { type: "relative", preset: "last_7_days" },
      timeBucket: "day",
      groupBy: ["event_type"],
      measures: [
        { fn: "count", label: "Total events" },
        { fn: "count_distinct", field: "user_id", label: "Unique users" },
        { fn: "count_distinct", field: "device_id", label: "Unique devices" },
      ],
      limit: 1000,
      chart: { type: "bar", x: "period", y: ["count"] },
    },
  },
  {
    key: "daily_summary",
    name: "Daily Summary",
    description: "Activity, users and revenue per day for the last 30 days.",
    definition: {
      dataset: "usage_events",
      timeRange: { type: "relative", preset: "last_30_days" },
      timeBucket: "day",
      measures: [
        { fn: "count", label: "Events" },
        { fn: "count_distinct", field: "user_id", label: "Active users" },
        { fn: "sum", field: "revenue", label: "Revenue" },
        { fn: "avg", field: "duration_ms", label: "Average duration" },
      ],
      chart: { type: "line", x: "period", y: ["count", "count_distinct_user_id"] },
    },
  },
  {
    key: "weekly_performance",
    name: "Weekly Performance",
    description: "Model quality, latency and volume per week and model over the last 90 days.",
    definition: {
      dataset: "model_metrics",
      timeRange: { type: "relative", preset: "last_90_days" },
      timeBucket: "week",
      groupBy: ["model_name"],
      measures: [
        { fn: "avg", field: "accuracy", label: "Accuracy" },
        { fn: "avg", field: "f1", label: "F1 score" },
        { fn: "p95", field: "latency_ms", label: "Latency p95" },
        { fn: "sum", field: "prediction_count", label: "Predictions" },
      ],
      chart: { type: "line", x: "period", y: ["avg_accuracy"] },
    },
  },
  {
    key: "monthly_financial",
    name: "Monthly Financial",
    description: "Revenue and purchases per month and plan.",
    definition: {
      dataset: "usage_events",
      timeRange: { type: "relative", preset: "last_90_days" },
      timeBucket: "month",
      groupBy: ["plan"],
      filters: [{ field: "event_type", op: "eq", value: "purchase" }],
      measures: [
        { fn: "sum", field: "revenue", label: "Revenue" },
        { fn: "count", label: "Purchases" },
        { fn: "count_distinct", field: "user_id", label: "Paying users" },
      ],
      chart: { type: "bar", x: "plan", y: ["sum_revenue"] },
    },
  },
  {
    key: "model_performance",
    name: "Model Performance",
    description: "Daily accuracy, precision, recall and F1 per model.",
    definition: {
      dataset: "model_metrics",
      timeRange: { type: "relative", preset: "last_30_days" },
      timeBucket: "day",
      groupBy: ["model_name"],
      measures: [
        { fn: "avg", field: "accuracy", label: "Accuracy" },
        { fn: "avg", field: "precision", label: "Precision" },
        { fn: "avg", field: "recall", label: "Recall" },
        { fn: "avg", field: "f1", label: "F1 score" },
      ],
      chart: { type: "line", x: "period", y: ["avg_accuracy"] },
    },
  },
  {
    key: "model_drift",
    name: "Model Drift",
    description: "Daily mean and peak drift score per model.",
    definition: {
      dataset: "model_metrics",
      timeRange: { type: "relative", preset: "last_30_days" },
      timeBucket: "day",
      groupBy: ["model_name"],
      measures: [
        { fn: "avg", field: "drift_score", label: "Mean drift" },
        { fn: "max", field: "drift_score", label: "Peak drift" },
      ],
      chart: { type: "line", x: "period", y: ["avg_drift_score"] },
    },
  },
  {
    key: "alerts",
    name: "Alerts",
    description: "Every alert of the last 30 days, newest first, with its resolution time.",
    definition: {
      dataset: "alerts",
      timeRange: { type: "relative", preset: "last_30_days" },
      columns: ["triggered_at", "severity", "source", "title", "resolved_at"],
      sort: [{ key: "triggered_at", dir: "desc" }],
    },
  },
  {
    key: "user_activity",
    name: "User Activity",
    description: "The most active users of the last 30 days: events, devices, time spent and revenue.",
    definition: {
      dataset: "usage_events",
      timeRange: { type: "relative", preset: "last_30_days" },
      groupBy: ["user_id", "plan"],
      measures: [
        { fn: "count", label: "Events" },
        { fn: "count_distinct", field: "device_id", label: "Devices" },
        { fn: "sum", field: "duration_ms", label: "Time spent" },
        { fn: "sum", field: "revenue", label: "Revenue" },
      ],
      sort: [{ key: "count", dir: "desc" }],
      limit: 1000,
    },
  },
  {
    key: "audit_log",
    name: "Audit Log (compliance)",
    description: "Who did what and from where over the last 90 days, newest first.",
    definition: {
      dataset: "audit_events",
      timeRange: { type: "relative", preset: "last_90_days" },
      columns: ["occurred_at", "actor", "action", "entity", "ip", "details"],
      sort: [{ key: "occurred_at", dir: "desc" }],
    },
  },
];
