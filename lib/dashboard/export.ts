import type { ReportDefinitionInput } from "../reports/definition";

/** What the dashboard's "Download report" exports: usage per local day and event type. */
export function dashboardExportDefinition(from: string, to: string): ReportDefinitionInput {
  return {
    dataset: "usage_events",
    timeRange: { type: "absolute", from, to },
    timeBucket: "day",
    groupBy: ["event_type"],
    measures: [
      { fn: "count", label: "Events" },
      { fn: "count_distinct", field: "user_id", label: "Unique users" },
      { fn: "count_distinct", field: "device_id", label: "Unique devices" },
      { fn: "sum", field: "duration_ms", label: "Total duration" },
      { fn: "sum", field: "revenue", label: "Revenue" },
    ],
    // At most days × event types rows; no silent cap.
    limit: 1_000_000,
    chart: { type: "line", x: "period", y: ["count"] },
  };
}
