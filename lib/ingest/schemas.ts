import { z } from "zod";
import { hasAtMostDecimals, isAmount, MAX_AMOUNT_TEXT } from "../money/cents";
import { instantInBounds, INSTANT_BOUNDS_TEXT } from "../time/bounds";

// One definition per record type: the ingestion routes, CSV imports and the OpenAPI
// document all read these.

export const MAX_BATCH = 1000;

/** An instant as ISO 8601 with an offset (or Z), or epoch milliseconds. */
const instant = z
  .union([
    z.iso.datetime({ offset: true, error: "Use an ISO 8601 timestamp with an offset, such as 2026-03-01T12:00:00Z." }),
    z.number().int({ error: "Epoch milliseconds must be a whole number." }),
  ])
  .transform((value) => (typeof value === "number" ? value : Date.parse(value)))
  .refine(instantInBounds, { error: `The time must lie ${INSTANT_BOUNDS_TEXT}.` });

/** Leading and trailing spaces (U+0020 only) are removed; every other character is kept as sent. */
export const trimSpaces = (value: string) => value.replace(/^ +| +$/g, "");

const text = (max: number) => z.string().overwrite(trimSpaces).min(1, { error: "Must not be empty." }).max(max);

/** A JSON number (never a string) in [min, max] with at most `places` decimals. */
const decimal = (min: number, max: number, places: number) =>
  z
    .number()
    .min(min)
    .max(max)
    .refine((v) => hasAtMostDecimals(v, places), {
      error: places === 0 ? "Must be a whole number." : `Use at most ${places} decimal places.`,
    });

export const clientIdSchema = z
  .string()
  .min(1)
  .max(200)
  .describe(
    "Your id for the record. A record whose id this workspace already has is counted as a duplicate and not stored again.",
  );

export const usageEventRecord = z.object({
  id: clientIdSchema.optional(),
  occurredAt: instant,
  userId: text(200),
  deviceId: text(200),
  eventType: text(100),
  plan: text(50),
  country: z
    .string()
    .overwrite(trimSpaces)
    .regex(/^[A-Za-z]{2}$/, { error: "Use a two-letter country code." })
    .toUpperCase(),
  durationMs: z.number().int().min(0).max(2_147_483_647),
  revenue: z
    .number()
    .refine(isAmount, {
      error: `Use an amount with at most 2 decimal places between -${MAX_AMOUNT_TEXT} and ${MAX_AMOUNT_TEXT}.`,
    })
    .default(0)
    .describe(
      `Amount in USD as a JSON number: at most 2 decimal places, between -${MAX_AMOUNT_TEXT} and ${MAX_AMOUNT_TEXT}. Stored exactly, in cents.`,
    ),
});

const unit = decimal(0, 1, 6).describe("A ratio from 0 to 1 with at most 6 decimal places.");

export const modelMetricRecord = z.object({
  id: clientIdSchema.optional(),
  recordedAt: instant,
  modelName: text(200),
  modelVersion: text(100),
  accuracy: unit,
  precision: unit,
  recall: unit,
  f1: unit,
  latencyMs: decimal(0, 86_400_000, 3).describe("Milliseconds from 0 to 86,400,000 (a day), at most 3 decimal places."),
  driftScore: decimal(0, 1_000_000, 6).describe("From 0 to 1,000,000, at most 6 decimal places."),
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
  warnings: z
    .array(
      z.object({
        index: z.number().int().describe("Position of the record in `records`, from 0."),
        id: z.string().optional(),
        unknownFields: z
          .array(z.string())
          .optional()
          .describe("Fields the record type does not have: ignored, not stored."),
        normalizedFields: z
          .array(z.string())
          .optional()
          .describe("Fields stored other than as sent: surrounding spaces removed, country codes upper-cased."),
      }),
    )
    .describe("Records (stored, duplicate or rejected) that carried unknown fields or had a value normalised."),
});

export type IngestResult = z.infer<typeof ingestResultSchema>;
export type Rejection = IngestResult["rejected"][number];
export type IngestWarning = IngestResult["warnings"][number];
