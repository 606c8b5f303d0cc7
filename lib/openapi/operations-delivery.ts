import "server-only";
import { z } from "zod";
import { alertRecord, batchBody, ingestResultSchema, modelMetricRecord, usageEventRecord } from "../ingest/schemas";
import { createImportBody, csvImportSchema, importChunkBody, importChunkResultSchema } from "../imports/schemas";
import { testDestinationBody } from "../schedules/destination-test";
import { createScheduleBody, previewScheduleBody, updateScheduleBody } from "../schedules/service";
import { wrap, type Operation } from "./operation";

const INGEST_DESCRIPTION =
  "Up to 1,000 records per request. Each record is validated on its own: the answer is always 200 when the " +
  "envelope is valid, and says how many records were stored (`accepted`), how many were skipped because a " +
  "record with the same `id` was stored before (`duplicates`), and which were `rejected`, by index, with every " +
  "reason. Resending a batch is safe: records with an `id` are never stored twice.";

const ingestion = (path: string, summary: string, record: z.ZodType): Operation => ({
  method: "post",
  path,
  tag: "Ingestion",
  summary,
  description: INGEST_DESCRIPTION,
  access: "member",
  body: batchBody(record),
  response: { status: 200, description: "What was stored, skipped and rejected.", schema: ingestResultSchema },
});

/** Schedules, e-mail, ingestion and imports. */
export const DELIVERY_OPERATIONS: Operation[] = [
  // Schedules
  {
    method: "get",
    path: "/api/schedules",
    tag: "Schedules",
    summary: "List schedules",
    access: "viewer",
    response: { status: 200, description: "`{ schedules: [...] }`" },
  },
  {
    method: "post",
    path: "/api/schedules",
    tag: "Schedules",
    summary: "Create a schedule",
    description:
      "Runs a saved report on a cron expression in a time zone and delivers the files: e-mailed to the recipients, " +
      "and to each of `destinations`, an S3-compatible bucket (`kind: s3`; the key prefix may hold {schedule}, " +
      "{report}, {date} in the schedule's time zone and {format}; the secret access key is stored encrypted and " +
      "never returned) or a webhook (`kind: webhook`; signed with Standard Webhooks headers). Webhook and endpoint " +
      "addresses must not be internal (loopback, private, link-local) unless the instance allows it.",
    access: "admin",
    body: createScheduleBody,
    response: {
      status: 201,
      description:
        "`{ schedule, secrets }`: `secrets` lists `{ destinationId, secret }` for each webhook created, the only time its signing secret is shown.",
    },
  },
  {
    method: "get",
    path: "/api/schedules/{id}",
    tag: "Schedules",
    summary: "Get a schedule",
    access: "viewer",
    response: { status: 200, description: "`{ schedule }`" },
  },
  {
    method: "patch",
    path: "/api/schedules/{id}",
    tag: "Schedules",
    summary: "Update a schedule",
    description:
      "`destinations`, when given, is the whole list: entries with an `id` update that destination (leave out " +
      "`secretAccessKey` to keep the saved one; `active: true` resumes a paused one), entries without one are " +
      "added, and saved destinations not listed are removed.",
    access: "admin",
    body: updateScheduleBody,
    response: { status: 200, description: "`{ schedule, secrets }` (signing secrets of webhooks added now)." },
  },
  {
    method: "delete",
    path: "/api/schedules/{id}",
    tag: "Schedules",
    summary: "Delete a schedule",
    access: "admin",
    response: { status: 200, description: "Deleted." },
  },
  {
    method: "post",
    path: "/api/schedules/{id}/run",
    tag: "Schedules",
    summary: "Run a schedule now",
    description:
      "Starts a manual run and answers at once; GET /api/schedules/{id}/runs shows how it went. Counts against the hourly send limits per user and per workspace (429 with Retry-After).",
    access: "admin",
    response: { status: 202, description: "`{ run }`" },
  },
  {
    method: "post",
    path: "/api/schedules/{id}/test",
    tag: "Schedules",
    summary: "Send a test to one destination",
    description:
      "`destination` is `email` (a short test e-mail to every recipient) or the id of a bucket (writes a small text object under the key prefix) or webhook (a signed `chartroom.test` event). Not a run: nothing is recorded in the run history. Counts against the hourly send limits.",
    access: "admin",
    body: testDestinationBody,
    response: { status: 200, description: "`{ result: { ok, message } }`" },
  },
  {
    method: "post",
    path: "/api/schedules/{id}/destinations/{destinationId}/rotate-secret",
    tag: "Schedules",
    summary: "Rotate a webhook's signing secret",
    description: "The old secret stops working at once; the new one is in this answer only.",
    access: "admin",
    response: { status: 200, description: "`{ destination, secret }`" },
  },
  {
    method: "get",
    path: "/api/schedules/{id}/runs",
    tag: "Schedules",
    summary: "A schedule's recent runs and deliveries",
    description:
      "Each run lists one delivery per e-mail recipient and per destination (`kind`: email, s3, webhook) with its status, attempts, last error and `detail` (the bucket keys written, the webhook's answer and webhook-id).",
    access: "viewer",
    response: { status: 200, description: "`{ runs: [...] }`" },
  },
  {
    method: "post",
    path: "/api/schedules/preview",
    tag: "Schedules",
    summary: "Describe a cron expression and its next runs",
    access: "viewer",
    body: previewScheduleBody,
    response: { status: 200, description: "The schedule in words and its next run times." },
  },

  // E-mail
  {
    method: "get",
    path: "/api/outbox",
    tag: "E-mail",
    summary: "List e-mails kept in the outbox",
    description:
      "Without RESEND_API_KEY, e-mails are kept here instead of being sent. Admins only; links that work without signing in (invites, signed downloads) are replaced by a note.",
    access: "admin",
    response: { status: 200, description: "`{ emails: [...] }`" },
  },
  {
    method: "get",
    path: "/api/outbox/{id}",
    tag: "E-mail",
    summary: "Get an outbox e-mail",
    access: "admin",
    response: { status: 200, description: "`{ email }`" },
  },
  {
    method: "get",
    path: "/api/outbox/{id}/attachments/{index}",
    tag: "E-mail",
    summary: "Download an outbox e-mail's attachment",
    access: "admin",
    response: { status: 200, description: "The file.", contentType: "application/octet-stream" },
  },
  {
    method: "post",
    path: "/api/notifications/read",
    tag: "E-mail",
    summary: "Mark your notifications read",
    access: "viewer",
    response: { status: 200, description: "`{ marked }`: how many were unread." },
  },
  {
    method: "get",
    path: "/api/notifications",
    tag: "E-mail",
    summary: "Your latest in-app notifications",
    access: "viewer",
    response: { status: 200, description: "`{ notifications: [...] }`" },
  },

  // Ingestion
  ingestion("/api/v1/events", "Send usage events", usageEventRecord),
  ingestion("/api/v1/model-metrics", "Send model metrics", modelMetricRecord),
  ingestion("/api/v1/alerts", "Send alerts", alertRecord),
  {
    method: "get",
    path: "/api/v1/alerts",
    tag: "Ingestion",
    summary: "Open alerts",
    description:
      "Unresolved alerts: the count by severity and the most recent, as the dashboard and sidebar show them.",
    access: "viewer",
    response: { status: 200, description: "`{ total, bySeverity: [{ severity, count }], recent: [...] }`" },
  },

  // Imports
  {
    method: "get",
    path: "/api/imports",
    tag: "Imports",
    summary: "List recent CSV imports",
    access: "viewer",
    response: { status: 200, description: "The last 20 imports.", schema: wrap("imports", z.array(csvImportSchema)) },
  },
  {
    method: "post",
    path: "/api/imports",
    tag: "Imports",
    summary: "Start a CSV import",
    access: "member",
    body: createImportBody,
    response: { status: 201, description: "The new import.", schema: wrap("import", csvImportSchema) },
  },
  {
    method: "get",
    path: "/api/imports/{id}",
    tag: "Imports",
    summary: "Get an import's progress",
    description: "After a dropped connection, send the rows after `lastLine` again.",
    access: "viewer",
    response: { status: 200, description: "The import.", schema: wrap("import", csvImportSchema) },
  },
  {
    method: "post",
    path: "/api/imports/{id}/chunks",
    tag: "Imports",
    summary: "Send a chunk of rows",
    description:
      "Rows are stored under the id `<importId>:<line>`, so a chunk sent twice is stored once. Send chunks one after another.",
    access: "member",
    body: importChunkBody,
    response: {
      status: 200,
      description: "What this chunk stored and rejected, by line.",
      schema: importChunkResultSchema,
    },
  },
];
