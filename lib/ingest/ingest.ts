import "server-only";
import type { z } from "zod";
import { ApiError } from "../errors";
import { insertRows, type BulkColumn } from "../db/bulk";
import { connection, type Connection } from "../db/connection";
import { unstorableIssues, unstorableProblem } from "../text/unstorable-characters";
import { toCents } from "../money/cents";
import {
  INGEST_KINDS,
  type AlertRecord,
  type IngestKind,
  type IngestResult,
  type IngestWarning,
  type ModelMetricRecord,
  type Rejection,
  type UsageEventRecord,
} from "./schemas";

/** A valid record on its way to the table, with the client id it is stored under. */
interface Row<R> {
  workspaceId: string;
  clientId: string | null;
  record: R;
}

const common = <R>(): BulkColumn<Row<R>>[] => [
  { name: "workspace_id", kind: "text", value: (r) => r.workspaceId },
  { name: "client_id", kind: "text", value: (r) => r.clientId },
];

const TABLES: { [K in IngestKind]: { table: string; columns: BulkColumn<Row<z.output<(typeof INGEST_KINDS)[K]>>>[] } } =
  {
    usage_events: {
      table: "usage_events",
      columns: [
        ...common<UsageEventRecord>(),
        { name: "occurred_at", kind: "time", value: (r) => r.record.occurredAt },
        { name: "user_id", kind: "text", value: (r) => r.record.userId },
        { name: "device_id", kind: "text", value: (r) => r.record.deviceId },
        { name: "event_type", kind: "text", value: (r) => r.record.eventType },
        { name: "plan", kind: "text", value: (r) => r.record.plan },
        { name: "country", kind: "text", value: (r) => r.record.country },
        { name: "duration_ms", kind: "int", value: (r) => r.record.durationMs },
        { name: "revenue_cents", kind: "int", value: (r) => toCents(r.record.revenue) },
      ],
    },
    model_metrics: {
      table: "model_metrics",
      columns: [
        ...common<ModelMetricRecord>(),
        { name: "recorded_at", kind: "time", value: (r) => r.record.recordedAt },
        { name: "model_name", kind: "text", value: (r) => r.record.modelName },
        { name: "model_version", kind: "text", value: (r) => r.record.modelVersion },
        { name: "accuracy", kind: "float", value: (r) => r.record.accuracy },
        { name: "precision", kind: "float", value: (r) => r.record.precision },
        { name: "recall", kind: "float", value: (r) => r.record.recall },
        { name: "f1", kind: "float", value: (r) => r.record.f1 },
        { name: "latency_ms", kind: "float", value: (r) => r.record.latencyMs },
        { name: "drift_score", kind: "float", value: (r) => r.record.driftScore },
        { name: "prediction_count", kind: "int", value: (r) => r.record.predictionCount },
      ],
    },
    alerts: {
      table: "alerts",
      columns: [
        ...common<AlertRecord>(),
        { name: "triggered_at", kind: "time", value: (r) => r.record.triggeredAt },
        { name: "severity", kind: "text", value: (r) => r.record.severity },
        { name: "source", kind: "text", value: (r) => r.record.source },
        { name: "title", kind: "text", value: (r) => r.record.title },
        { name: "resolved_at", kind: "time", value: (r) => r.record.resolvedAt ?? null },
      ],
    },
  };

export interface IngestOptions {
  /** The client id of each record, overriding its own `id` (CSV imports use `<importId>:<line>`). */
  clientIds?: (string | null)[];
  conn?: Connection;
}

/**
 * Validates each record on its own and stores the valid ones in one statement that skips
 * client ids the workspace already has, so sending a batch again stores nothing twice.
 */
export async function ingest(
  kind: IngestKind,
  workspaceId: string,
  records: unknown[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const schema = INGEST_KINDS[kind];
  const rows: Row<z.output<typeof schema>>[] = [];
  const rejected: Rejection[] = [];
  const warnings: IngestWarning[] = [];
  const known = new Set(Object.keys(schema.shape));
  records.forEach((input, index) => {
    const ownId = typeof (input as { id?: unknown } | null)?.id === "string" ? (input as { id: string }).id : undefined;
    const unstorable = unstorableIssues(input);
    if (unstorable.length > 0) {
      rejected.push({
        index,
        ...(ownId !== undefined && !unstorableProblem(ownId) ? { id: ownId } : {}),
        issues: unstorable,
      });
      return;
    }
    const parsed = schema.safeParse(input);
    const warning = warningFor(input, known, parsed.success ? parsed.data : undefined);
    if (warning) warnings.push({ index, ...(ownId !== undefined ? { id: ownId } : {}), ...warning });
    if (!parsed.success) {
      rejected.push({
        index,
        ...(ownId !== undefined ? { id: ownId } : {}),
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
      });
      return;
    }
    rows.push({ workspaceId, clientId: options.clientIds?.[index] ?? parsed.data.id ?? null, record: parsed.data });
  });
  const { table, columns } = TABLES[kind] as { table: string; columns: BulkColumn<(typeof rows)[number]>[] };
  const accepted = await insertRows(options.conn ?? connection(), table, columns, rows, {
    ignoreConflicts: true,
  }).catch((error: unknown) => {
    // PostgreSQL refuses an hourly revenue total beyond 64 bits (thousands of events at
    // the largest amount in one hour); SQLite keeps it inexactly, and reports refuse it.
    if ((error as { code?: string }).code === "22003") {
      throw new ApiError(
        "unprocessable",
        "These records would take an hourly revenue total beyond what can be stored (2^63 cents); nothing was stored.",
        { param: "records" },
      );
    }
    throw error;
  });
  return { accepted, duplicates: rows.length - accepted, rejected, warnings };
}

/**
 * What the caller should know about a record beyond its validity: fields the record type
 * does not have (ignored), and text fields stored other than exactly as sent.
 */
function warningFor(
  input: unknown,
  known: Set<string>,
  output: Record<string, unknown> | undefined,
): Omit<IngestWarning, "index" | "id"> | null {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return null;
  const sent = input as Record<string, unknown>;
  const unknownFields = Object.keys(sent).filter((k) => !known.has(k));
  const normalizedFields = output
    ? Object.keys(output).filter(
        (k) => typeof sent[k] === "string" && typeof output[k] === "string" && sent[k] !== output[k],
      )
    : [];
  if (unknownFields.length === 0 && normalizedFields.length === 0) return null;
  return {
    ...(unknownFields.length > 0 ? { unknownFields } : {}),
    ...(normalizedFields.length > 0 ? { normalizedFields } : {}),
  };
}
