// The dataset catalog: every table and column a report may touch. The query engine
// takes identifiers from here only, never from a request.

export type FieldType = "string" | "integer" | "number" | "datetime";
export type FieldFormat = "text" | "integer" | "number" | "percent" | "currency" | "duration" | "datetime" | "date";

export interface FieldDef {
  key: string;
  /** Column in the dataset's table. */
  column: string;
  label: string;
  type: FieldType;
  format: FieldFormat;
  /** For durations: the stored unit. For currency: the ISO code. */
  unit?: "ms" | "USD";
  role: "dimension" | "measure";
  /** Money stored as integer cents in `column`; reports show it as an amount. */
  cents?: boolean;
  /** Personal data: user identifiers, emails, IP addresses. */
  sensitive?: boolean;
  /** A document whose personal parts are masked one by one instead of the whole value. */
  masking?: "audit_details";
  description?: string;
}

export interface DatasetDef {
  key: string;
  label: string;
  description: string;
  table: string;
  /** Key of the field the time range applies to. */
  timeField: string;
  fields: FieldDef[];
  defaultColumns: string[];
}

const dim = (key: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  key,
  column: key,
  label,
  type: "string",
  format: "text",
  role: "dimension",
  ...extra,
});

const time = (key: string, label: string): FieldDef => dim(key, label, { type: "datetime", format: "datetime" });

const measure = (key: string, label: string, format: FieldFormat, extra: Partial<FieldDef> = {}): FieldDef => ({
  key,
  column: key,
  label,
  type: format === "integer" ? "integer" : "number",
  format,
  role: "measure",
  ...extra,
});

export const DATASETS: DatasetDef[] = [
  {
    key: "usage_events",
    label: "Usage events",
    description: "Product events: page views, sessions, exports, purchases.",
    table: "usage_events",
    timeField: "occurred_at",
    fields: [
      time("occurred_at", "Time"),
      dim("user_id", "User ID", { sensitive: true }),
      dim("device_id", "Device ID", { sensitive: true }),
      dim("event_type", "Event type"),
      dim("plan", "Plan"),
      dim("country", "Country"),
      measure("duration_ms", "Duration", "duration", { type: "integer", unit: "ms" }),
      measure("revenue", "Revenue", "currency", { unit: "USD", column: "revenue_cents", cents: true }),
    ],
    defaultColumns: ["occurred_at", "event_type", "user_id", "plan", "country", "duration_ms", "revenue"],
  },
  {
    key: "model_metrics",
    label: "Model metrics",
    description: "Hourly performance and drift of deployed models.",
    table: "model_metrics",
    timeField: "recorded_at",
    fields: [
      time("recorded_at", "Time"),
      dim("model_name", "Model"),
      dim("model_version", "Version"),
      measure("accuracy", "Accuracy", "percent"),
      measure("precision", "Precision", "percent"),
      measure("recall", "Recall", "percent"),
      measure("f1", "F1 score", "percent"),
      measure("latency_ms", "Latency", "duration", { unit: "ms" }),
      measure("drift_score", "Drift score", "number"),
      measure("prediction_count", "Predictions", "integer"),
    ],
    defaultColumns: ["recorded_at", "model_name", "model_version", "accuracy", "f1", "latency_ms", "drift_score"],
  },
  {
    key: "alerts",
    label: "Alerts",
    description: "Monitoring alerts and when they were resolved.",
    table: "alerts",
    timeField: "triggered_at",
    fields: [
      time("triggered_at", "Triggered"),
      dim("severity", "Severity"),
      dim("source", "Source"),
      dim("title", "Title"),
      time("resolved_at", "Resolved"),
    ],
    defaultColumns: ["triggered_at", "severity", "source", "title", "resolved_at"],
  },
  {
    key: "audit_events",
    label: "Audit log",
    description: "Who did what, when and from where.",
    table: "audit_events",
    timeField: "occurred_at",
    fields: [
      time("occurred_at", "Time"),
      dim("actor", "Actor", { sensitive: true }),
      dim("action", "Action"),
      dim("entity", "Entity"),
      dim("ip", "IP address", { sensitive: true }),
      // Member, invite and role events name people here (see lib/reports/audit-details.ts).
      dim("details", "Details", { sensitive: true, masking: "audit_details" }),
    ],
    defaultColumns: ["occurred_at", "actor", "action", "entity", "ip"],
  },
  {
    key: "export_history",
    label: "Export history",
    description: "Chartroom's own exports: who exported what, in which format, how large.",
    table: "export_jobs",
    timeField: "created_at",
    fields: [
      time("created_at", "Started"),
      time("finished_at", "Finished"),
      dim("report_name", "Report"),
      dim("format", "Format"),
      dim("status", "Status"),
      dim("created_by", "Requested by", { sensitive: true }),
      measure("row_count", "Rows", "integer"),
      measure("byte_size", "Size (bytes)", "integer"),
      measure("duration_ms", "Duration", "duration", { type: "integer", unit: "ms" }),
    ],
    defaultColumns: ["created_at", "report_name", "format", "status", "created_by", "row_count", "byte_size"],
  },
];

const byKey = new Map(DATASETS.map((d) => [d.key, d]));

export function getDataset(key: string): DatasetDef | undefined {
  return byKey.get(key);
}

export function getField(dataset: DatasetDef, key: string): FieldDef | undefined {
  return dataset.fields.find((f) => f.key === key);
}

/** The catalog as the API describes it (no table or column names). */
export function describeCatalog() {
  return DATASETS.map((d) => ({
    key: d.key,
    label: d.label,
    description: d.description,
    timeField: d.timeField,
    defaultColumns: d.defaultColumns,
    fields: d.fields.map(({ column: _column, masking: _masking, cents: _cents, ...f }) => ({
      ...f,
      sensitive: f.sensitive ?? false,
    })),
  }));
}

export type CatalogDataset = ReturnType<typeof describeCatalog>[number];
export type CatalogField = CatalogDataset["fields"][number];
