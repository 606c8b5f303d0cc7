import "server-only";
import { z } from "zod";
import { dateRangeQuery } from "../dashboard/range";
import { exportQuery, reportExportQuery } from "../exports/http";
import { createExportBody } from "../exports/jobs";
import { listExportsQuery } from "../exports/history";
import { signedLinkQuery } from "../exports/signed-links";
import { fieldValuesQuery } from "../reports/field-values";
import {
  createReportBody,
  listQuery,
  previewBody,
  seriesBody,
  updateReportBody,
  validateBody,
} from "../reports/requests";
import { type Operation } from "./operation";

/** Reports and exports. */
export const REPORT_OPERATIONS: Operation[] = [
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
    description:
      "Streams the file in the response (no job). For large reports use POST /api/exports. `from` and `to` (dates in the workspace's zone, both included, at most 3,660 days) or `preset` choose the period of this file, and `columns` (the report's column keys, comma-separated, e.g. `occurred_at,event_type,user_id`) its fields; the file keeps the report's column order, states the choice, and the saved report is unchanged. Aggregated reports are grouped again by the chosen fields and need at least one of their figures. A parameter given twice, an unknown column or a bad period is a 400 naming the parameter. Sensitive fields stay pseudonymised unless an admin or owner asks for `redaction=raw`.",
    access: "viewer",
    query: reportExportQuery,
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
    path: "/api/reports/series",
    tag: "Reports",
    summary: "The chart of a definition or saved report",
    description:
      "Series over the report's whole result (not one preview page), at most 8 with the smaller ones combined as Other where that is exact, colours keyed by series value.",
    access: "viewer",
    body: seriesBody,
    response: { status: 200, description: "`{ kind, type, x, y, points, series, slices, notes }`" },
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
    path: "/api/datasets/{dataset}/fields/{field}/values",
    tag: "Reports",
    summary: "Suggest filter values for a text field",
    description:
      "Distinct values of one text field in the workspace, the most frequent first. Personal fields (marked `sensitive`) answer 403 to anyone below admin, who may not filter them by value.",
    access: "viewer",
    query: fieldValuesQuery,
    response: { status: 200, description: "`{ values: string[], more: boolean }`" },
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
    summary: "List export jobs, a page at a time",
    description:
      "Newest first. Every page holds at most `limit` exports; when more match, `nextCursor` is set: send it as `cursor` (with the same filters) for the next page, until it is null. Exports created while you page appear on a first page, never on a later one, so no export is skipped or repeated.",
    access: "viewer",
    query: listExportsQuery,
    response: { status: 200, description: "`{ exports: [...], nextCursor: string | null }`, newest first." },
  },
  {
    method: "get",
    path: "/api/exports/facets",
    tag: "Exports",
    summary: "Report names and requesters in the export history",
    access: "viewer",
    response: { status: 200, description: "`{ reports: string[], people: string[] }`, for filtering the history." },
  },
  {
    method: "post",
    path: "/api/exports",
    tag: "Exports",
    summary: "Start an export",
    description:
      "Queues a job and answers at once; poll GET /api/exports/{id} until `status` is `succeeded`, then download it. `from` and `to` or `preset`, and `columns` (a list of the report's column keys), choose the period and fields of this file as on GET /api/reports/{id}/export; the job keeps them as `choice`, its retries apply them again and the audit trail records them.",
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
];
