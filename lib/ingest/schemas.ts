import { z } from "zod";

// One definition per record type: the ingestion routes, CSV imports and the OpenAPI
// document all read these.

export const MAX_BATCH = 1000;

const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);

/** An instant as ISO 8601 with an offset (or Z), or epoch milliseconds. */
const instant = z
  .union([
    z.iso.datetime({ offset: true, error: "Use an ISO 8601 timestamp with an offset, such as 2026-03-01T12:00:00Z." }),
    z.number().int({ error: "Epoch milliseconds must be a whole number." }),
  ])
  .transform((value) => (typeof value === "number" ? value : Date.parse(value)))
  .refine((ms) => ms >= MIN_TIME && ms < MAX_TIME, { error: "The time must fall between 2000 and 2100." });

const text = (max: number) => z.string().trim().min(1, { error: "Must not be empty." }).max(max);

export const clientIdSchema = z
  .string()
  .min(1)
  .max(200)
  .describe("Your id for the record. A record whose id this workspace already has is counted as a duplicate and not stored again.");

export const usageEventRecord = z.object({
  id: clientIdSchema.optional(),
  occurredAt: instant,
  userId: text(200),
  deviceId: text(200),
  eventType: text(100),
  plan: text(50),
  country: z.string().trim().regex(/^[A-Za-z]{2}$/, { error: "Use a two-letter country code." }).toUpperCase(),
  durationMs: z.number().int().min(0).max(2_147_483_647),
  revenue: z.number().finite().default(0),
});

const unit = z.number().min(0).max(1);

export const modelMetricRecord = z.object({
  id: clientIdSchema.optional(),
  recordedAt: instant,
  modelName: text(200),
  modelVersion: text(100),
  accuracy: unit,
  precision: unit,
  recall: unit,
  f1: unit,
  latencyMs: z.number().min(0),
  driftScore: z.number().min(0),
  predictionCount: z.number().int().min(0).max(2_147_483_647),
});

export const ALERT_SEVERITIES = ["critical", "warning", "info"] as const;

export const alertRecord = z.object({
  id: clientIdSchema.optional(),
  triggeredAt: instant,
  severity: z.enum(ALERT_SEVERITIES),
  source: text(200),
  title: text(500),
  resolvedAt: instant.nullable().optional(),
});

export const INGEST_KINDS = {
  usage_events: usageEventRecord,
  model_metrics: modelMetricRecord,
  alerts: alertRecord,
} as const;

export type IngestKind = keyof typeof INGEST_KINDS;
export type UsageEventRecord = z.output<typeof usageEventRecord>;
export type ModelMetricRecord = z.output<typeof modelMetricRecord>;
export type AlertRecord = z.output<typeof alertRecord>;

/** The envelope the routes parse; records are checked one by one so one bad record does not sink the batch. */
export const batchEnvelope = z.object({
  records: z
    .array(z.unknown())
    .min(1, { error: "Send at least one record." })
    .max(MAX_BATCH, { error: `Send at most ${MAX_BATCH} records per request.` }),
});

/** The same envelope as documented: the records' own schema in place of unknown. */
export function batchBody<T extends z.ZodType>(record: T) {
  return z.object({ records: z.array(record).min(1).max(MAX_BATCH) });
}

export const issueSchema = z.object({ path: z.string(), message: z.string() });

export const ingestResultSchema = z.object({
  accepted: z.number().int().describe("Records stored by this request."),
  duplicates: z.number().int().describe("Valid records not stored because their id was already stored."),
  rejected: z
    .array(
      z.object({
        index: z.number().int().describe("Position of the record in `records`, from 0."),
        id: z.string().optional(),
        issues: z.array(issueSchema),
      }),
    )
    .describe("Records that failed validation, with every reason."),
});

export type IngestResult = z.infer<typeof ingestResultSchema>;
export type Rejection = IngestResult["rejected"][number];
