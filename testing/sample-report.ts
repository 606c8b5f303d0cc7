// Deterministic reports for PDF tests and timing runs: no database needed.
import type { ExportMeta, ExportRow } from "../lib/reports/file-meta";
import type { OutputColumn } from "../lib/reports/types";

const MODELS = ["churn-predictor", "fraud-detector", "lead-scorer", "ranker-v2"];

function baseMeta(overrides: Partial<ExportMeta>): ExportMeta {
  return {
    reportName: "Sample report",
    description: "",
    workspace: {
      name: "Acme Analytics",
      slug: "acme",
      timezone: "America/New_York",
      locale: "en-US",
      brandColor: "#0f766e",
      logoUrl: null,
    },
    range: { from: "2025-01-01", to: "2025-03-31", timezone: "America/New_York" },
    filters: [],
    generatedAt: new Date("2025-04-01T13:05:00Z"),
    columns: [],
    chart: { type: "line" },
    limit: 10_000,
    totalRows: null,
    notices: [],
    ...overrides,
  };
}

const period = (label: string, bucket: "day" | "hour"): OutputColumn => ({
  key: "period",
  label,
  type: bucket === "hour" ? "hour" : "date",
  format: bucket === "hour" ? "hour" : "date",
  sensitive: false,
  kind: "bucket",
  bucket,
});

const modelColumn: OutputColumn = {
  key: "model_name",
  label: "Model",
  type: "string",
  format: "text",
  sensitive: false,
  kind: "field",
};

const measure = (key: string, label: string, format: OutputColumn["format"], extra: Partial<OutputColumn> = {}) =>
  ({
    key,
    label,
    type: format === "integer" ? "integer" : "number",
    format,
    sensitive: false,
    kind: "measure",
    ...extra,
  }) satisfies OutputColumn;

function isoDay(start: string, offset: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/** Daily accuracy, latency and volume of `models` models over `days` days (grouped by day and model). */
export function modelMetricsReport(days = 90, models = 3): { meta: ExportMeta; rows: ExportRow[] } {
  const columns: OutputColumn[] = [
    period("Day", "day"),
    modelColumn,
    measure("avg_accuracy", "Average accuracy", "percent"),
    measure("p95_latency_ms", "95th percentile latency", "duration", { unit: "ms" }),
    measure("sum_prediction_count", "Total predictions", "integer"),
  ];
  const rows: ExportRow[] = [];
  for (let d = 0; d < days; d++) {
    for (let m = 0; m < models; m++) {
      rows.push({
        period: isoDay("2025-01-01", d),
        model_name: MODELS[m % MODELS.length],
        avg_accuracy: d === 0 && m === 0 ? 0.913 : 0.86 + m * 0.025 + 0.02 * Math.sin((d + m * 7) / 9),
        p95_latency_ms: 180 + m * 90 + 40 * Math.cos(d / 5) + (d % 7) * 6,
        sum_prediction_count: 12_000 + m * 4_000 + ((d * 37 + m * 101) % 2_500),
      });
    }
  }
  return {
    meta: baseMeta({
      reportName: "Model accuracy, last 90 days",
      description: "Daily accuracy, tail latency and prediction volume per deployed model.",
      columns,
      chart: { type: "line", x: "period", y: ["avg_accuracy"] },
      filters: ["Model is one of churn-predictor, fraud-detector, lead-scorer"],
      totalRows: rows.length,
    }),
    rows,
  };
}

/** Raw purchase events: one row per event, `count` rows, seven columns (landscape). */
export function eventsReport(count = 1_500, totalRows = 5_000): { meta: ExportMeta; rows: ExportRow[] } {
  const columns: OutputColumn[] = [
    { key: "occurred_at", label: "Time", type: "datetime", format: "datetime", sensitive: false, kind: "field" },
    { key: "event_type", label: "Event type", type: "string", format: "text", sensitive: false, kind: "field" },
    { key: "user_id", label: "User ID", type: "string", format: "text", sensitive: true, kind: "field" },
    { key: "plan", label: "Plan", type: "string", format: "text", sensitive: false, kind: "field" },
    { key: "country", label: "Country", type: "string", format: "text", sensitive: false, kind: "field" },
    {
      key: "duration_ms",
      label: "Duration",
      type: "integer",
      format: "duration",
      unit: "ms",
      sensitive: false,
      kind: "field",
    },
    {
      key: "revenue",
      label: "Revenue",
      type: "number",
      format: "currency",
      unit: "USD",
      sensitive: false,
      kind: "field",
    },
  ];
  const plans = ["free", "pro", "enterprise"];
  const countries = ["US", "DE", "FR", "JP", "BR", "IN"];
  const start = Date.UTC(2025, 0, 1, 5);
  const rows: ExportRow[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      occurred_at: new Date(start + i * 1_731_000),
      event_type: i % 5 === 0 ? "checkout_completed_with_a_rather_long_event_name_for_truncation" : "purchase",
      user_id: `user_${(i * 7919) % 100_000}`,
      plan: plans[i % plans.length],
      country: countries[i % countries.length],
      duration_ms: i === 0 ? 1_234 : 200 + ((i * 613) % 240_000),
      revenue: i === 0 ? 1_234.5 : i % 4 === 0 ? null : Math.round(((i * 37) % 500) * 100 + 99) / 100,
    });
  }
  return {
    meta: baseMeta({
      reportName: "Purchases",
      description: "Every purchase event in the first quarter.",
      columns,
      chart: { type: "area", x: "occurred_at", y: ["revenue"] },
      filters: ["Event type is purchase", "Country is not empty"],
      totalRows,
      limit: 10_000,
    }),
    rows,
  };
}

/** A grouped report with several measures: hourly metrics per model, `count` rows, for timing runs. */
/** `count` rows (hours × 4 models, from 2025-03-01) of a report that says it has `totalRows`. */
export function hourlyModelReport(count = 2_000, totalRows = 12_000): { meta: ExportMeta; rows: ExportRow[] } {
  const columns: OutputColumn[] = [
    period("Hour", "hour"),
    modelColumn,
    measure("avg_accuracy", "Average accuracy", "percent"),
    measure("p95_latency_ms", "95th percentile latency", "duration", { unit: "ms" }),
    measure("sum_prediction_count", "Total predictions", "integer"),
    measure("avg_drift_score", "Average drift score", "number"),
    measure("count", "Count", "integer"),
  ];
  const rows: ExportRow[] = [];
  const models = MODELS.length;
  for (let i = 0; i < count; i++) {
    const hour = Math.floor(i / models);
    const m = i % models;
    const t = new Date(Date.UTC(2025, 2, 1) + hour * 3_600_000);
    const label = `${t.toISOString().slice(0, 10)} ${t.toISOString().slice(11, 13)}:00`;
    rows.push({
      period: label,
      model_name: MODELS[m],
      avg_accuracy: 0.85 + m * 0.02 + 0.015 * Math.sin(hour / 11 + m),
      p95_latency_ms: 150 + m * 60 + 30 * Math.sin(hour / 7),
      sum_prediction_count: 400 + m * 80 + Math.round(60 * Math.sin(hour / 9 + m)),
      avg_drift_score: 0.1 + 0.05 * Math.cos(hour / 13 + m),
      count: 60,
    });
  }
  const hours = Math.ceil(Math.max(count, totalRows) / models);
  const lastDay = new Date(Date.UTC(2025, 2, 1) + (hours - 1) * 3_600_000).toISOString().slice(0, 10);
  return {
    meta: baseMeta({
      reportName: "Hourly model health",
      description: "Accuracy, tail latency, volume and drift per model and hour.",
      columns,
      chart: { type: "line", x: "period", y: ["avg_accuracy"] },
      range: { from: "2025-03-01", to: lastDay, timezone: "America/New_York" },
      totalRows,
      limit: 50_000,
    }),
    rows,
  };
}

/** Overrides on top of a sample, for edge cases (empty reports, hostile names). */
export function withMeta(meta: ExportMeta, overrides: Partial<ExportMeta>): ExportMeta {
  return { ...meta, ...overrides };
}
