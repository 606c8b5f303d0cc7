import "server-only";
import { z } from "zod";
import { createdApiKeySchema, apiKeySchema, createApiKeyBody } from "../api-keys/schemas";
import { dateRangeQuery } from "../dashboard/range";
import { exportQuery } from "../exports/http";
import { createExportBody, listExportsQuery } from "../exports/jobs";
import { alertRecord, batchBody, ingestResultSchema, modelMetricRecord, usageEventRecord } from "../ingest/schemas";
import { createImportBody, csvImportSchema, importChunkBody, importChunkResultSchema } from "../imports/schemas";
import { signedLinkQuery } from "../exports/signed-links";
import { createScheduleBody, previewScheduleBody, updateScheduleBody } from "../schedules/service";
import { workspaceSettingsBody } from "../workspaces";
import { createReportBody, listQuery, previewBody, updateReportBody, validateBody } from "../reports/requests";
import type { Role } from "../roles";
import { accountChangeBody, accountSchema, profileBody } from "../accounts/accounts";
import { changePasswordBody, forgotPasswordBody, resetPasswordBody } from "../accounts/schemas";
import { instanceAuditQuery } from "../instance/audit";
import { setupBody } from "../accounts/setup";
import {
  acceptInviteBody,
  changeRoleBody,
  inviteBody,
  inviteSchema,
  joinBody,
  joinCodeSchema,
  memberSchema,
  teamSchema,
} from "../team/schemas";

export type HttpMethod = "get" | "post" | "patch" | "put" | "delete";

export interface Operation {
  method: HttpMethod;
  /** OpenAPI form, `{id}` for a dynamic segment. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Lowest workspace role allowed; "signed-in" needs a session or key but no role; "public" needs nothing. */
  access: Role | "signed-in" | "public";
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success status and what it returns; omit `schema` for bodies described in words. */
  response: { status: number; description: string; schema?: z.ZodType; contentType?: string };
}

const anyObject = z.object({}).catchall(z.unknown());
const wrap = (key: string, schema: z.ZodType) => z.object({ [key]: schema });

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

/**
 * Every public route, described with the zod schemas the routes themselves validate with.
 * A test walks app/api and fails when a route file or method is missing here.
 */
export const OPERATIONS: Operation[] = [
  // Reports
  {
    method: "get",
    path: "/api/reports",
    tag: "Reports",
    summary: "List reports",
    access: "viewer",
    query: listQuery,
    response: { status: 200, description: "`{ reports: [...] }`" },
  },
  {
    method: "post",
    path: "/api/reports",
    tag: "Reports",
    summary: "Create a report",
    description: "`definition` is a report definition (see `ReportDefinition`).",
    access: "member",
    body: createReportBody,
    response: { status: 201, description: "`{ report }`" },
  },
  {
    method: "get",
    path: "/api/reports/{id}",
    tag: "Reports",
    summary: "Get a report",
    access: "viewer",
    response: { status: 200, description: "`{ report }`" },
  },
  {
    method: "patch",
    path: "/api/reports/{id}",
    tag: "Reports",
    summary: "Update a report",
    access: "member",
    body: updateReportBody,
    response: { status: 200, description: "`{ report }`" },
  },
  {
    method: "delete",
    path: "/api/reports/{id}",
    tag: "Reports",
    summary: "Delete a report",
    access: "member",
    response: { status: 200, description: "Deleted." },
  },
  {
    method: "post",
    path: "/api/reports/{id}/duplicate",
    tag: "Reports",
    summary: "Duplicate a report",
    access: "member",
    response: { status: 201, description: "`{ report }`" },
  },
  {
    method: "get",
    path: "/api/reports/{id}/export",
    tag: "Reports",
    summary: "Download a saved report now",
    description: "Streams the file in the response (no job). For large reports use POST /api/exports.",
    access: "viewer",
    query: exportQuery,
    response: { status: 200, description: "The file.", contentType: "application/octet-stream" },
  },
  {
    method: "post",
    path: "/api/reports/preview",
    tag: "Reports",
    summary: "Preview a definition or saved report",
    access: "viewer",
    body: previewBody,
    response: { status: 200, description: "Columns and one page of rows." },
  },
  {
    method: "post",
    path: "/api/reports/validate",
    tag: "Reports",
    summary: "Check a definition",
    access: "viewer",
    body: validateBody,
    response: { status: 200, description: "`{ valid, issues }`" },
  },
  {
    method: "get",
    path: "/api/reports/usage-summary/export",
    tag: "Reports",
    summary: "Download the dashboard's usage summary",
    access: "viewer",
    query: exportQuery.extend(dateRangeQuery.shape),
    response: { status: 200, description: "The file.", contentType: "application/octet-stream" },
  },
  {
    method: "get",
    path: "/api/datasets",
    tag: "Reports",
    summary: "List datasets and their fields",
    access: "viewer",
    response: { status: 200, description: "`{ datasets: [...] }`" },
  },
  {
    method: "get",
    path: "/api/dashboard",
    tag: "Reports",
    summary: "Dashboard numbers for a date range",
    access: "viewer",
    query: dateRangeQuery,
    response: { status: 200, description: "KPIs, series and open alerts." },
  },

  // Exports
  {
    method: "get",
    path: "/api/exports",
    tag: "Exports",
    summary: "List export jobs",
    access: "viewer",
    query: listExportsQuery,
    response: { status: 200, description: "`{ exports: [...] }`, newest first." },
  },
  {
    method: "post",
    path: "/api/exports",
    tag: "Exports",
    summary: "Start an export",
    description:
      "Queues a job and answers at once; poll GET /api/exports/{id} until `status` is `succeeded`, then download it.",
    access: "member",
    body: createExportBody,
    response: { status: 202, description: "`{ export }` with `status: queued`." },
  },
  {
    method: "get",
    path: "/api/exports/{id}",
    tag: "Exports",
    summary: "Get an export's progress",
    access: "viewer",
    response: { status: 200, description: "`{ export }` with `status`, `percent` and `downloadUrl` once done." },
  },
  {
    method: "delete",
    path: "/api/exports/{id}",
    tag: "Exports",
    summary: "Delete an export and its file",
    access: "member",
    response: { status: 200, description: "Deleted." },
  },
  {
    method: "post",
    path: "/api/exports/{id}/cancel",
    tag: "Exports",
    summary: "Cancel a queued or running export",
    access: "member",
    response: { status: 200, description: "`{ export }`" },
  },
  {
    method: "post",
    path: "/api/exports/{id}/retry",
    tag: "Exports",
    summary: "Run a failed or cancelled export again",
    access: "member",
    response: { status: 202, description: "`{ export }`" },
  },
  {
    method: "get",
    path: "/api/exports/{id}/download",
    tag: "Exports",
    summary: "Download a finished export",
    access: "viewer",
    response: { status: 200, description: "The file.", contentType: "application/octet-stream" },
  },
  {
    method: "post",
    path: "/api/exports/{id}/link",
    tag: "Exports",
    summary: "Make a signed download link",
    description: "A link to a finished export that works without signing in, for an hour.",
    access: "viewer",
    response: { status: 200, description: "The link.", schema: z.object({ url: z.string(), expiresAt: z.string() }) },
  },
  {
    method: "get",
    path: "/api/exports/{id}/file",
    tag: "Exports",
    summary: "Download through a signed link",
    description:
      "The signature in the query is the permission; links come from POST /api/exports/{id}/link and scheduled e-mails.",
    access: "public",
    query: signedLinkQuery,
    response: { status: 200, description: "The file.", contentType: "application/octet-stream" },
  },

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
    description: "Runs a saved report on a cron expression in a time zone and e-mails the files to the recipients.",
    access: "admin",
    body: createScheduleBody,
    response: { status: 201, description: "`{ schedule }`" },
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
    access: "admin",
    body: updateScheduleBody,
    response: { status: 200, description: "`{ schedule }`" },
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
    method: "get",
    path: "/api/schedules/{id}/runs",
    tag: "Schedules",
    summary: "A schedule's recent runs and deliveries",
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

  // API keys
  {
    method: "get",
    path: "/api/api-keys",
    tag: "API keys",
    summary: "List API keys",
    access: "admin",
    response: {
      status: 200,
      description: "Keys without their secrets.",
      schema: wrap("apiKeys", z.array(apiKeySchema)),
    },
  },
  {
    method: "post",
    path: "/api/api-keys",
    tag: "API keys",
    summary: "Create an API key",
    description: "The role may not be above your own.",
    access: "admin",
    body: createApiKeyBody,
    response: { status: 201, description: "The key and, once only, its secret.", schema: createdApiKeySchema },
  },
  {
    method: "delete",
    path: "/api/api-keys/{id}",
    tag: "API keys",
    summary: "Revoke an API key",
    description: "Requests with the key get 401 from now on.",
    access: "admin",
    response: { status: 200, description: "The revoked key.", schema: wrap("apiKey", apiKeySchema) },
  },

  // Team
  {
    method: "get",
    path: "/api/team",
    tag: "Team",
    summary: "Members, pending invites and join code",
    access: "viewer",
    response: { status: 200, description: "The team.", schema: teamSchema },
  },
  {
    method: "patch",
    path: "/api/team/members/{userId}",
    tag: "Team",
    summary: "Change a member's role",
    description:
      "Nobody gives a role above their own, only owners change owners, and the last owner cannot be demoted (409).",
    access: "admin",
    body: changeRoleBody,
    response: { status: 200, description: "The member.", schema: wrap("member", memberSchema) },
  },
  {
    method: "delete",
    path: "/api/team/members/{userId}",
    tag: "Team",
    summary: "Remove a member, or leave",
    description:
      "Admins remove others; anyone may remove themselves. The last owner cannot be removed (409). The member's API keys are revoked.",
    access: "viewer",
    response: { status: 200, description: "Removed." },
  },
  {
    method: "post",
    path: "/api/team/invites",
    tag: "Team",
    summary: "Invite someone by e-mail",
    description:
      "Sends a link valid for 7 days; it works once. Counts against the hourly send limits per user and per workspace (429 with Retry-After).",
    access: "admin",
    body: inviteBody,
    response: {
      status: 201,
      description: "The invite and the e-mail's id.",
      schema: z.object({
        invite: inviteSchema,
        email: z.object({ id: z.string(), transport: z.enum(["resend", "smtp", "outbox"]) }),
      }),
    },
  },
  {
    method: "post",
    path: "/api/team/invites/{id}/link",
    tag: "Team",
    summary: "Copy an invite link",
    description:
      "A fresh link for a pending invite (only the token's digest is stored, so the old link cannot be shown): the link e-mailed before stops working. Audited as `invite.link_issued`; never for a role above the caller's.",
    access: "admin",
    response: {
      status: 200,
      description: "The invite and its new link.",
      schema: z.object({ invite: inviteSchema, url: z.string() }),
    },
  },
  {
    method: "delete",
    path: "/api/team/invites/{id}",
    tag: "Team",
    summary: "Withdraw an invite",
    access: "admin",
    response: { status: 200, description: "The withdrawn invite.", schema: wrap("invite", inviteSchema) },
  },
  {
    method: "post",
    path: "/api/team/join-code",
    tag: "Team",
    summary: "Rotate the join code",
    access: "admin",
    response: { status: 200, description: "The new code.", schema: joinCodeSchema },
  },
  {
    method: "post",
    path: "/api/join",
    tag: "Team",
    summary: "Join a workspace with its code",
    description:
      "Makes the signed-in user a member (someone already in the workspace keeps their role). Sessions only.",
    access: "signed-in",
    body: joinBody,
    response: { status: 200, description: "The workspace joined." },
  },
  {
    method: "post",
    path: "/api/invites/accept",
    tag: "Team",
    summary: "Accept an invite",
    description:
      "As the signed-in user (whose e-mail must be the invited one), or, signed out, with `name` and `password` to create the account. Expired or used invites answer 410.",
    access: "public",
    body: acceptInviteBody,
    response: { status: 200, description: "The workspace joined." },
  },

  // Workspaces
  {
    method: "get",
    path: "/api/workspaces",
    tag: "Workspaces",
    summary: "List your workspaces",
    description: "With an API key, only the key's workspace.",
    access: "signed-in",
    response: { status: 200, description: "`{ workspaces: [...] }`" },
  },
  {
    method: "get",
    path: "/api/workspaces/{id}",
    tag: "Workspaces",
    summary: "Get a workspace",
    access: "signed-in",
    response: { status: 200, description: "`{ workspace }`" },
  },
  {
    method: "delete",
    path: "/api/workspaces/{id}",
    tag: "Workspaces",
    summary: "Delete a workspace and all its data",
    description: "Owners, signed in (API keys get 403). The deletion is kept in the instance audit trail.",
    access: "owner",
    response: { status: 204, description: "Deleted." },
  },
  {
    method: "post",
    path: "/api/workspaces/current",
    tag: "Workspaces",
    summary: "Choose the workspace the UI works in",
    access: "signed-in",
    body: z.object({ workspaceId: z.string() }),
    response: { status: 200, description: "`{ workspace }` and a cookie." },
  },

  {
    method: "get",
    path: "/api/settings",
    tag: "Workspaces",
    summary: "The workspace's settings",
    access: "viewer",
    response: { status: 200, description: "`{ settings }`" },
  },
  {
    method: "patch",
    path: "/api/settings",
    tag: "Workspaces",
    summary: "Change the workspace's settings",
    access: "admin",
    body: workspaceSettingsBody,
    response: { status: 200, description: "`{ settings }`" },
  },

  // Instance and accounts
  {
    method: "post",
    path: "/api/setup",
    tag: "Instance",
    summary: "First-run setup",
    description:
      "Only while the instance has no accounts: creates the first account (owner of the first workspace and instance admin). Afterwards, and for all but one of several simultaneous requests, 409.",
    access: "public",
    body: setupBody,
    response: { status: 201, description: "`{ user, workspace }`" },
  },
  {
    method: "get",
    path: "/api/account",
    tag: "Accounts",
    summary: "Your account",
    access: "signed-in",
    response: { status: 200, description: "`{ account }`" },
  },
  {
    method: "patch",
    path: "/api/account",
    tag: "Accounts",
    summary: "Change your name",
    description: "Signed in; API keys get 403.",
    access: "signed-in",
    body: profileBody,
    response: { status: 200, description: "`{ account }`" },
  },
  {
    method: "post",
    path: "/api/account/password",
    tag: "Accounts",
    summary: "Change your password",
    description:
      "The current password is required. Every other session of the account ends; this one gets a new cookie.",
    access: "signed-in",
    body: changePasswordBody,
    response: { status: 200, description: "`{ ok: true }`" },
  },
  {
    method: "post",
    path: "/api/account/forgot-password",
    tag: "Accounts",
    summary: "E-mail a password reset link",
    description:
      "Always 202 with the same message, whether or not the address has an account. Limited per address and per client address (429).",
    access: "public",
    body: forgotPasswordBody,
    response: { status: 202, description: "`{ message }`" },
  },
  {
    method: "post",
    path: "/api/account/reset-password",
    tag: "Accounts",
    summary: "Set a new password with a reset token",
    description: "The token works once, for one hour (410 otherwise). Every session of the account ends.",
    access: "public",
    body: resetPasswordBody,
    response: { status: 200, description: "`{ ok: true }`" },
  },
  {
    method: "get",
    path: "/api/admin/accounts",
    tag: "Instance",
    summary: "Every account (instance admins)",
    access: "signed-in",
    response: { status: 200, description: "The accounts.", schema: wrap("accounts", z.array(accountSchema)) },
  },
  {
    method: "patch",
    path: "/api/admin/accounts/{id}",
    tag: "Instance",
    summary: "Deactivate, reactivate, or change instance admin (instance admins)",
    description: "Deactivation stops the account's sign-in, sessions and API keys at once. Your own account: 409.",
    access: "signed-in",
    body: accountChangeBody,
    response: { status: 200, description: "The account.", schema: wrap("account", accountSchema) },
  },
  {
    method: "get",
    path: "/api/admin/audit",
    tag: "Instance",
    summary: "The instance audit trail (instance admins)",
    description: "Setup, sign-ins, account changes, instance settings and workspace deletions, newest first.",
    access: "signed-in",
    query: instanceAuditQuery,
    response: { status: 200, description: "`{ events }`" },
  },
  {
    method: "get",
    path: "/api/admin/audit/export",
    tag: "Instance",
    summary: "The instance audit trail as CSV (instance admins)",
    access: "signed-in",
    response: { status: 200, description: "CSV, streamed.", contentType: "text/csv" },
  },

  // Meta
  {
    method: "get",
    path: "/api/health",
    tag: "Meta",
    summary: "Health check",
    access: "public",
    response: { status: 200, description: "`{ status, database }`" },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    tag: "Meta",
    summary: "This document",
    access: "public",
    response: { status: 200, description: "OpenAPI 3.1 document.", schema: anyObject },
  },
];
