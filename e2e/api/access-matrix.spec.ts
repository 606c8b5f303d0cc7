import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, request as newRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import Database from "better-sqlite3";
import { encode } from "next-auth/jwt";
import { DEMO, GINA, signInApi } from "../helpers/auth";
import { reportIdByTemplate, userIdByEmail, workspaceBySlug, workspaceOwnedBy } from "../helpers/db";

/**
 * Every API route and method × every kind of caller → the status it must get. A route
 * file without rows here fails the first test, so new routes cannot skip the matrix.
 */
type Role = "viewer" | "member" | "admin" | "owner";
type Caller =
  | "anonymous"
  | "expired session"
  | "revoked key"
  | "viewer"
  | "member"
  | "admin"
  | "owner"
  | "viewer key"
  | "member key"
  | "admin key"
  | "other workspace member"
  | "other workspace key";
type Access =
  | Role
  | "public"
  | "cron"
  | "signed link"
  | "signed in"
  | "signed in, no keys"
  | "anyone but keys"
  | "instance admin"
  | "workspace owner, no keys";

interface Fixtures {
  acme: string;
  report: string;
  exportId: string;
  schedule: string;
  outbox: string;
  importId: string;
  joinCode: string;
}

interface Row {
  file: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  access: Access;
  path: (f: Fixtures, owner: APIRequestContext) => string | Promise<string>;
  /** The request body; `path` is the one just asked for, when the body must name what it points at. */
  body?: (f: Fixtures, path: string) => unknown;
  /** Statuses that mean "let in" for this row (default 2xx). */
  allowed?: number[];
}

const ROLE_ORDER: Role[] = ["viewer", "member", "admin", "owner"];
const at = (role: Role, min: Role) => ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(min);
const CALLER_ROLE: Partial<Record<Caller, Role>> = {
  viewer: "viewer",
  member: "member",
  admin: "admin",
  owner: "owner",
  "viewer key": "viewer",
  "member key": "member",
  "admin key": "admin",
};
const USERS: Partial<Record<Caller, string>> = {
  viewer: "victor@acme.test",
  member: "mia@acme.test",
  admin: "alex@acme.test",
  owner: DEMO,
  "other workspace member": GINA,
};

const E2E_DB = () => join(process.cwd(), process.env.E2E_DATA_DIR ?? ".data/e2e", "chartroom.db");

/** A member nobody else relies on, written straight into the server's database. */
function throwawayMember(workspaceId: string): string {
  const db = new Database(E2E_DB());
  try {
    const id = `matrix${randomBytes(8).toString("hex")}`;
    const now = Date.now();
    db.prepare("INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, 'x', ?)").run(
      id,
      `${id}@matrix.test`,
      id,
      now,
    );
    db.prepare(
      "INSERT INTO memberships (id, user_id, workspace_id, role, created_at) VALUES (?, ?, ?, 'viewer', ?)",
    ).run(`m${id}`, id, workspaceId, now);
    return id;
  } finally {
    db.close();
  }
}

async function json(res: APIResponse) {
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.json();
}

const newExport = async (f: Fixtures, owner: APIRequestContext) =>
  (await json(await owner.post("/api/exports", { data: { reportId: f.report, format: "csv" } }))).export.id as string;
const newReport = async (f: Fixtures, owner: APIRequestContext) =>
  (await json(await owner.post(`/api/reports/${f.report}/duplicate`))).report.id as string;
const scheduleBody = (f: Fixtures) => ({
  name: "Matrix",
  reportId: f.report,
  cron: "0 6 * * *",
  formats: ["csv"],
  recipients: ["matrix@example.com"],
});

const ROWS: Row[] = [
  // Setup is over on this server: everyone but a key is told so (409).
  {
    file: "setup/route.ts",
    method: "POST",
    access: "anyone but keys",
    path: () => "/api/setup",
    body: () => ({
      name: "Matrix",
      email: "setup@matrix.test",
      password: "matrix-password-1",
      workspaceName: "Matrix",
    }),
    allowed: [409],
  },
  { file: "account/route.ts", method: "GET", access: "signed in", path: () => "/api/account" },
  // An empty name is refused after the access check, so nobody's name changes.
  {
    file: "account/route.ts",
    method: "PATCH",
    access: "signed in, no keys",
    path: () => "/api/account",
    body: () => ({ name: "" }),
    allowed: [400],
  },
  {
    file: "account/password/route.ts",
    method: "POST",
    access: "signed in, no keys",
    path: () => "/api/account/password",
    body: () => ({ currentPassword: "not-the-password", newPassword: "matrix-password-1" }),
    allowed: [400],
  },
  {
    file: "account/forgot-password/route.ts",
    method: "POST",
    access: "anyone but keys",
    path: () => "/api/account/forgot-password",
    body: () => ({ email: "nobody@matrix.test" }),
    allowed: [202, 429],
  },
  {
    file: "account/reset-password/route.ts",
    method: "POST",
    access: "anyone but keys",
    path: () => "/api/account/reset-password",
    body: () => ({ token: "x".repeat(40), password: "matrix-password-1" }),
    allowed: [410],
  },
  { file: "admin/accounts/route.ts", method: "GET", access: "instance admin", path: () => "/api/admin/accounts" },
  // The instance admin's own account cannot be changed here (409): access is what is tested.
  {
    file: "admin/accounts/[id]/route.ts",
    method: "PATCH",
    access: "instance admin",
    path: () => `/api/admin/accounts/${userIdByEmail(DEMO)}`,
    body: () => ({ active: false }),
    allowed: [409],
  },
  { file: "admin/settings/route.ts", method: "GET", access: "instance admin", path: () => "/api/admin/settings" },
  // An empty change is refused after the access check, so the sign-up mode stays as it is.
  {
    file: "admin/settings/route.ts",
    method: "PATCH",
    access: "instance admin",
    path: () => "/api/admin/settings",
    body: () => ({}),
    allowed: [400],
  },
  { file: "admin/audit/route.ts", method: "GET", access: "instance admin", path: () => "/api/admin/audit" },
  {
    file: "admin/audit/export/route.ts",
    method: "GET",
    access: "instance admin",
    path: () => "/api/admin/audit/export",
  },
  {
    file: "workspaces/[id]/route.ts",
    method: "DELETE",
    access: "workspace owner, no keys",
    path: () => `/api/workspaces/${workspaceOwnedBy(DEMO, "matrixdel")}`,
    // The deletion is confirmed by the workspace's name, which for these is their id.
    body: (_f, path) => ({ confirm: path.split("/").pop() }),
  },
  { file: "api-keys/route.ts", method: "GET", access: "admin", path: () => "/api/api-keys" },
  {
    file: "api-keys/route.ts",
    method: "POST",
    access: "admin",
    path: () => "/api/api-keys",
    body: () => ({ name: "matrix", role: "viewer" }),
  },
  {
    file: "api-keys/[id]/route.ts",
    method: "DELETE",
    access: "admin",
    path: async (_f, owner) =>
      `/api/api-keys/${(await json(await owner.post("/api/api-keys", { data: { name: "to delete", role: "viewer" } }))).apiKey.id}`,
  },
  { file: "auth/[...nextauth]/route.ts", method: "GET", access: "public", path: () => "/api/auth/csrf" },
  {
    file: "auth/[...nextauth]/route.ts",
    method: "POST",
    access: "public",
    path: () => "/api/auth/signout",
    allowed: [200, 302],
  },
  { file: "cron/cleanup/route.ts", method: "GET", access: "cron", path: () => "/api/cron/cleanup" },
  { file: "cron/dispatch/route.ts", method: "GET", access: "cron", path: () => "/api/cron/dispatch" },
  { file: "dashboard/route.ts", method: "GET", access: "viewer", path: () => "/api/dashboard" },
  { file: "datasets/route.ts", method: "GET", access: "viewer", path: () => "/api/datasets" },
  {
    file: "datasets/[dataset]/fields/[field]/values/route.ts",
    method: "GET",
    access: "viewer",
    path: () => "/api/datasets/usage_events/fields/plan/values",
  },
  { file: "exports/route.ts", method: "GET", access: "viewer", path: () => "/api/exports" },
  { file: "exports/facets/route.ts", method: "GET", access: "viewer", path: () => "/api/exports/facets" },
  {
    file: "exports/route.ts",
    method: "POST",
    access: "member",
    path: () => "/api/exports",
    body: (f) => ({ reportId: f.report, format: "csv" }),
  },
  { file: "exports/[id]/route.ts", method: "GET", access: "viewer", path: (f) => `/api/exports/${f.exportId}` },
  {
    file: "exports/[id]/route.ts",
    method: "DELETE",
    access: "member",
    path: async (f, owner) => `/api/exports/${await newExport(f, owner)}`,
  },
  {
    file: "exports/[id]/cancel/route.ts",
    method: "POST",
    access: "member",
    path: async (f, owner) => `/api/exports/${await newExport(f, owner)}/cancel`,
    // Small exports may finish before the cancel arrives; then it is a conflict, not a refusal.
    allowed: [200, 409],
  },
  {
    file: "exports/[id]/retry/route.ts",
    method: "POST",
    access: "member",
    path: (f) => `/api/exports/${f.exportId}/retry`,
  },
  {
    file: "exports/[id]/download/route.ts",
    method: "GET",
    access: "viewer",
    path: (f) => `/api/exports/${f.exportId}/download`,
  },
  {
    file: "exports/[id]/link/route.ts",
    method: "POST",
    access: "viewer",
    path: (f) => `/api/exports/${f.exportId}/link`,
  },
  {
    file: "exports/[id]/file/route.ts",
    method: "GET",
    access: "signed link",
    path: (f) => `/api/exports/${f.exportId}/file`,
  },
  { file: "health/route.ts", method: "GET", access: "public", path: () => "/api/health" },
  { file: "imports/route.ts", method: "GET", access: "viewer", path: () => "/api/imports" },
  {
    file: "imports/route.ts",
    method: "POST",
    access: "member",
    path: () => "/api/imports",
    body: () => ({ dataset: "usage_events", fileName: "matrix.csv", mapping: { when: "occurredAt" } }),
  },
  { file: "imports/[id]/route.ts", method: "GET", access: "viewer", path: (f) => `/api/imports/${f.importId}` },
  {
    file: "imports/[id]/chunks/route.ts",
    method: "POST",
    access: "member",
    path: (f) => `/api/imports/${f.importId}/chunks`,
    body: () => ({ rows: [{ line: 2, values: { occurredAt: "2019-01-01T00:00:00Z" } }] }),
  },
  {
    file: "invites/accept/route.ts",
    method: "POST",
    access: "anyone but keys",
    path: () => "/api/invites/accept",
    body: () => ({ token: "x".repeat(40) }),
    // An unknown token is the route answering, whoever asks.
    allowed: [404],
  },
  // Invalid input is refused after the key check and before any account, limit or e-mail.
  {
    file: "sign-up/route.ts",
    method: "POST",
    access: "anyone but keys",
    path: () => "/api/sign-up",
    body: () => ({ name: "", email: "matrix@matrix.test", password: "matrix-password-1" }),
    allowed: [400],
  },
  {
    file: "sign-up/verify/route.ts",
    method: "POST",
    access: "anyone but keys",
    path: () => "/api/sign-up/verify",
    body: () => ({ token: "x".repeat(40) }),
    allowed: [410],
  },
  // Every matrix account is confirmed: asking for a new link is the route answering 409.
  {
    file: "sign-up/resend/route.ts",
    method: "POST",
    access: "signed in, no keys",
    path: () => "/api/sign-up/resend",
    allowed: [409],
  },
  {
    file: "join/route.ts",
    method: "POST",
    access: "signed in, no keys",
    path: () => "/api/join",
    body: (f) => ({ code: f.joinCode }),
  },
  { file: "notifications/route.ts", method: "GET", access: "viewer", path: () => "/api/notifications" },
  { file: "notifications/read/route.ts", method: "POST", access: "viewer", path: () => "/api/notifications/read" },
  { file: "openapi.json/route.ts", method: "GET", access: "public", path: () => "/api/openapi.json" },
  // The outbox holds every e-mail the workspace sent, to whomever: admins and owners only.
  { file: "outbox/route.ts", method: "GET", access: "admin", path: () => "/api/outbox" },
  { file: "outbox/[id]/route.ts", method: "GET", access: "admin", path: (f) => `/api/outbox/${f.outbox}` },
  {
    file: "outbox/[id]/attachments/[index]/route.ts",
    method: "GET",
    access: "admin",
    path: (f) => `/api/outbox/${f.outbox}/attachments/0`,
  },
  { file: "reports/route.ts", method: "GET", access: "viewer", path: () => "/api/reports" },
  {
    file: "reports/route.ts",
    method: "POST",
    access: "member",
    path: () => "/api/reports",
    body: () => ({ name: "Matrix report", definition: { dataset: "alerts", columns: ["triggered_at", "severity"] } }),
  },
  { file: "reports/[id]/route.ts", method: "GET", access: "viewer", path: (f) => `/api/reports/${f.report}` },
  {
    file: "reports/[id]/route.ts",
    method: "PATCH",
    access: "member",
    path: (f) => `/api/reports/${f.report}`,
    body: () => ({ description: "Checked by the access matrix." }),
  },
  {
    file: "reports/[id]/route.ts",
    method: "DELETE",
    access: "member",
    path: async (f, owner) => `/api/reports/${await newReport(f, owner)}`,
  },
  {
    file: "reports/[id]/duplicate/route.ts",
    method: "POST",
    access: "member",
    path: (f) => `/api/reports/${f.report}/duplicate`,
  },
  {
    file: "reports/[id]/export/route.ts",
    method: "GET",
    access: "viewer",
    path: (f) => `/api/reports/${f.report}/export?format=csv`,
  },
  {
    file: "reports/preview/route.ts",
    method: "POST",
    access: "viewer",
    path: () => "/api/reports/preview",
    body: (f) => ({ reportId: f.report }),
  },
  {
    file: "reports/series/route.ts",
    method: "POST",
    access: "viewer",
    path: () => "/api/reports/series",
    body: (f) => ({ reportId: f.report }),
  },
  {
    file: "reports/usage-summary/export/route.ts",
    method: "GET",
    access: "viewer",
    path: () => "/api/reports/usage-summary/export?format=csv",
  },
  {
    file: "reports/validate/route.ts",
    method: "POST",
    access: "viewer",
    path: () => "/api/reports/validate",
    body: () => ({ definition: { dataset: "alerts" } }),
  },
  { file: "schedules/route.ts", method: "GET", access: "viewer", path: () => "/api/schedules" },
  { file: "schedules/route.ts", method: "POST", access: "admin", path: () => "/api/schedules", body: scheduleBody },
  { file: "schedules/[id]/route.ts", method: "GET", access: "viewer", path: (f) => `/api/schedules/${f.schedule}` },
  {
    file: "schedules/[id]/route.ts",
    method: "PATCH",
    access: "admin",
    path: (f) => `/api/schedules/${f.schedule}`,
    body: () => ({ name: "Matrix (renamed)" }),
  },
  {
    file: "schedules/[id]/route.ts",
    method: "DELETE",
    access: "admin",
    path: async (f, owner) =>
      `/api/schedules/${(await json(await owner.post("/api/schedules", { data: scheduleBody(f) }))).schedule.id}`,
  },
  {
    file: "schedules/[id]/run/route.ts",
    method: "POST",
    access: "admin",
    path: (f) => `/api/schedules/${f.schedule}/run`,
  },
  {
    file: "schedules/[id]/test/route.ts",
    method: "POST",
    access: "admin",
    path: (f) => `/api/schedules/${f.schedule}/test`,
    body: () => ({ destination: "email" }),
  },
  {
    file: "schedules/[id]/destinations/[destinationId]/rotate-secret/route.ts",
    method: "POST",
    access: "admin",
    path: async (f, owner) => {
      const { schedule } = await json(
        await owner.post("/api/schedules", {
          data: { ...scheduleBody(f), destinations: [{ kind: "webhook", url: "https://hooks.example.com/matrix" }] },
        }),
      );
      return `/api/schedules/${schedule.id}/destinations/${schedule.destinations[0].id}/rotate-secret`;
    },
  },
  {
    file: "schedules/[id]/runs/route.ts",
    method: "GET",
    access: "viewer",
    path: (f) => `/api/schedules/${f.schedule}/runs`,
  },
  {
    file: "schedules/preview/route.ts",
    method: "POST",
    access: "viewer",
    path: () => "/api/schedules/preview",
    body: () => ({ cron: "0 9 * * 1", timezone: "UTC" }),
  },
  { file: "settings/route.ts", method: "GET", access: "viewer", path: () => "/api/settings" },
  { file: "settings/route.ts", method: "PATCH", access: "admin", path: () => "/api/settings", body: () => ({}) },
  // Acme has no logo: a 404 for whoever may look; a JSON body is no image: a 422 for whoever may upload.
  { file: "settings/logo/route.ts", method: "GET", access: "viewer", path: () => "/api/settings/logo", allowed: [404] },
  {
    file: "settings/logo/route.ts",
    method: "POST",
    access: "admin",
    path: () => "/api/settings/logo",
    body: () => ({}),
    allowed: [422],
  },
  { file: "settings/logo/route.ts", method: "DELETE", access: "admin", path: () => "/api/settings/logo" },
  { file: "team/route.ts", method: "GET", access: "viewer", path: () => "/api/team" },
  {
    file: "team/invites/route.ts",
    method: "POST",
    access: "admin",
    path: () => "/api/team/invites",
    body: () => ({ email: `invitee-${randomBytes(4).toString("hex")}@example.com`, role: "viewer" }),
  },
  {
    file: "team/invites/[id]/route.ts",
    method: "DELETE",
    access: "admin",
    path: async (_f, owner) => {
      const email = `revoked-${randomBytes(4).toString("hex")}@example.com`;
      return `/api/team/invites/${(await json(await owner.post("/api/team/invites", { data: { email, role: "viewer" } }))).invite.id}`;
    },
  },
  {
    file: "team/invites/[id]/link/route.ts",
    method: "POST",
    access: "admin",
    path: async (_f, owner) => {
      const email = `linked-${randomBytes(4).toString("hex")}@example.com`;
      return `/api/team/invites/${(await json(await owner.post("/api/team/invites", { data: { email, role: "viewer" } }))).invite.id}/link`;
    },
  },
  { file: "team/join-code/route.ts", method: "POST", access: "admin", path: () => "/api/team/join-code" },
  {
    file: "team/members/[userId]/route.ts",
    method: "PATCH",
    access: "admin",
    path: (f) => `/api/team/members/${throwawayMember(f.acme)}`,
    body: () => ({ role: "member" }),
  },
  {
    file: "team/members/[userId]/route.ts",
    method: "DELETE",
    access: "admin",
    path: (f) => `/api/team/members/${throwawayMember(f.acme)}`,
  },
  {
    file: "v1/events/route.ts",
    method: "POST",
    access: "member",
    path: () => "/api/v1/events",
    // 2019: far outside every range the other specs check.
    body: () => ({
      records: [
        {
          occurredAt: "2019-06-01T00:00:00Z",
          userId: "matrix",
          deviceId: "matrix",
          eventType: "matrix",
          plan: "free",
          country: "DE",
          durationMs: 1,
        },
      ],
    }),
  },
  {
    file: "v1/model-metrics/route.ts",
    method: "POST",
    access: "member",
    path: () => "/api/v1/model-metrics",
    body: () => ({
      records: [
        {
          recordedAt: "2019-06-01T00:00:00Z",
          modelName: "matrix",
          modelVersion: "1",
          accuracy: 0.9,
          precision: 0.9,
          recall: 0.9,
          f1: 0.9,
          latencyMs: 1,
          driftScore: 0,
          predictionCount: 1,
        },
      ],
    }),
  },
  { file: "v1/alerts/route.ts", method: "GET", access: "viewer", path: () => "/api/v1/alerts" },
  {
    file: "v1/alerts/route.ts",
    method: "POST",
    access: "member",
    path: () => "/api/v1/alerts",
    body: () => ({
      records: [{ triggeredAt: "2019-06-01T00:00:00Z", severity: "info", source: "matrix", title: "Matrix" }],
    }),
  },
  { file: "workspaces/route.ts", method: "GET", access: "signed in", path: () => "/api/workspaces" },
  // A nameless workspace is refused after the access check, so nothing is created.
  {
    file: "workspaces/route.ts",
    method: "POST",
    access: "signed in, no keys",
    path: () => "/api/workspaces",
    body: () => ({ name: "" }),
    allowed: [400],
  },
  {
    file: "workspaces/current/route.ts",
    method: "POST",
    access: "signed in",
    path: () => "/api/workspaces/current",
    body: (f) => ({ workspaceId: f.acme }),
  },
  { file: "workspaces/[id]/route.ts", method: "GET", access: "signed in", path: (f) => `/api/workspaces/${f.acme}` },
];

/** What `caller` must get from a row, or null when any of the row's allowed statuses will do. */
function expected(row: Row, caller: Caller): number | null {
  const role = CALLER_ROLE[caller];
  const key = caller.endsWith("key");
  const unauthenticated = caller === "anonymous" || caller === "expired session" || caller === "revoked key";
  switch (row.access) {
    case "public":
      return null;
    case "cron":
      return 401;
    case "signed link":
      // No signature: refused the same way for everyone, session or not.
      return 403;
    case "signed in":
      if (unauthenticated) return 401;
      // Acme, named by anyone outside it, does not exist for them.
      if (caller.startsWith("other workspace") && row.file === "workspaces/[id]/route.ts") return 404;
      if (caller.startsWith("other workspace") && row.file === "workspaces/current/route.ts") return 404;
      return null;
    case "signed in, no keys":
      // A person joins a workspace; a key already belongs to one.
      if (unauthenticated) return 401;
      return key ? 403 : null;
    case "anyone but keys":
      return key ? 403 : null;
    case "instance admin":
      // The demo owner is the demo's instance admin; keys never administer the instance.
      if (unauthenticated) return 401;
      return caller === "owner" ? null : 403;
    case "workspace owner, no keys":
      if (unauthenticated) return 401;
      if (key) return 403;
      return caller === "owner" ? null : 404;
    default:
      if (unauthenticated) return 401;
      if (caller.startsWith("other workspace")) return 404;
      return at(role!, row.access) ? null : 403;
  }
}

function routeFiles(dir = join(process.cwd(), "app", "api")): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [relative(join(process.cwd(), "app", "api"), full)] : [];
  });
}

test("every route file and method has rows in the access matrix", async () => {
  const { readFileSync } = await import("node:fs");
  for (const file of routeFiles()) {
    const source = readFileSync(join("app", "api", file), "utf8");
    const methods = new Set<string>();
    for (const m of source.matchAll(/export (?:const|async function) (GET|POST|PATCH|PUT|DELETE)\b/g))
      methods.add(m[1]);
    for (const m of source.matchAll(/export \{([^}]*)\}/g))
      for (const name of m[1].matchAll(/\b(GET|POST|PATCH|PUT|DELETE)\b/g)) methods.add(name[1]);
    expect(methods.size, `${file} exports no handler`).toBeGreaterThan(0);
    for (const method of methods) {
      expect(
        ROWS.some((r) => r.file === file && r.method === method),
        `${method} ${file} has no row in the access matrix`,
      ).toBe(true);
    }
  }
});

test("every caller gets the status the matrix says, on every route", async ({ baseURL }) => {
  test.setTimeout(300_000);
  const acme = workspaceBySlug("acme").id;
  const contexts = new Map<Caller, APIRequestContext>();
  const headers = new Map<Caller, Record<string, string>>();
  const make = () => newRequest.newContext({ baseURL });
  for (const [caller, email] of Object.entries(USERS) as [Caller, string][]) {
    const ctx = await make();
    await signInApi(ctx, email);
    contexts.set(caller, ctx);
  }
  const owner = contexts.get("owner")!;
  const outsider = contexts.get("other workspace member")!;
  headers.set("other workspace member", { "X-Chartroom-Workspace": acme });
  contexts.set("anonymous", await make());

  const secret = process.env.NEXTAUTH_SECRET ?? "e2e-secret-not-for-production";
  const expiredToken = await encode({ token: { sub: "someone", email: DEMO, name: "Demo" }, secret, maxAge: -60 });
  const expired = await make();
  contexts.set("expired session", expired);
  headers.set("expired session", { Cookie: `next-auth.session-token=${expiredToken}` });

  const keyFor = async (ctx: APIRequestContext, role: "viewer" | "member" | "admin") =>
    (await json(await ctx.post("/api/api-keys", { data: { name: `matrix ${role}`, role } }))) as {
      apiKey: { id: string };
      secret: string;
    };
  for (const role of ["viewer", "member", "admin"] as const) {
    contexts.set(`${role} key`, await make());
    headers.set(`${role} key`, { Authorization: `Bearer ${(await keyFor(owner, role)).secret}` });
  }
  const revoked = await keyFor(owner, "admin");
  await json(await owner.delete(`/api/api-keys/${revoked.apiKey.id}`));
  contexts.set("revoked key", await make());
  headers.set("revoked key", { Authorization: `Bearer ${revoked.secret}` });
  contexts.set("other workspace key", await make());
  headers.set("other workspace key", {
    Authorization: `Bearer ${(await keyFor(outsider, "admin")).secret}`,
    "X-Chartroom-Workspace": acme,
  });

  const report = reportIdByTemplate("acme", "alerts");
  const exportId = await newExport({ report } as Fixtures, owner);
  await expect
    .poll(async () => (await json(await owner.get(`/api/exports/${exportId}`))).export.status)
    .toBe("succeeded");
  const schedule = (await json(await owner.post("/api/schedules", { data: scheduleBody({ report } as Fixtures) })))
    .schedule.id as string;
  await json(await owner.post(`/api/schedules/${schedule}/run`));
  const outbox = await expect
    .poll(
      async () =>
        ((await json(await owner.get("/api/outbox"))).emails as { id: string; subject: string }[]).find((e) =>
          e.subject.includes("Alerts"),
        )?.id,
    )
    .toBeTruthy()
    .then(
      async () =>
        ((await json(await owner.get("/api/outbox"))).emails as { id: string; subject: string }[]).find((e) =>
          e.subject.includes("Alerts"),
        )!.id,
    );
  const importId = (
    await json(
      await owner.post("/api/imports", { data: { dataset: "usage_events", fileName: "fixture.csv", mapping: {} } }),
    )
  ).import.id as string;
  // Joining is tried against a workspace of its own, removed afterwards, so nobody's memberships change.
  const db = new Database(E2E_DB());
  const joinWorkspace = `matrixws${randomBytes(6).toString("hex")}`;
  const joinCode = randomBytes(4).toString("hex").slice(0, 8).toUpperCase();
  db.prepare(
    "INSERT INTO workspaces (id, name, slug, timezone, locale, brand_color, templates_version, join_code, allowed_email_domains, created_at) VALUES (?, 'Matrix', ?, 'UTC', 'en-US', '#2563eb', 0, ?, '', ?)",
  ).run(joinWorkspace, joinWorkspace, joinCode, Date.now());
  db.close();
  const fixtures: Fixtures = { acme, report, exportId, schedule, outbox, importId, joinCode };

  const failures: string[] = [];
  try {
    for (const row of ROWS) {
      for (const caller of contexts.keys()) {
        const want = expected(row, caller);
        const path = await row.path(fixtures, owner);
        const ctx = contexts.get(caller)!;
        const options = { headers: headers.get(caller) ?? {}, data: row.body?.(fixtures, path), maxRedirects: 0 };
        const res = await ctx.fetch(path, { method: row.method, ...options });
        const got = res.status();
        const ok = want === null ? (row.allowed ? row.allowed.includes(got) : got >= 200 && got < 300) : got === want;
        if (!ok)
          failures.push(
            `${row.method} ${path} as ${caller}: got ${got}, want ${want ?? (row.allowed ?? ["2xx"]).join("/")}`,
          );
        if (got >= 400 && got !== 404 && row.access !== "public") {
          const body = await res.json().catch(() => null);
          if (!body?.error?.code)
            failures.push(`${row.method} ${path} as ${caller}: ${got} without the error envelope`);
        }
      }
    }
  } finally {
    const cleanup = new Database(E2E_DB());
    cleanup.prepare("DELETE FROM memberships WHERE workspace_id = ?").run(joinWorkspace);
    cleanup.prepare("DELETE FROM workspaces WHERE id = ?").run(joinWorkspace);
    cleanup.prepare("DELETE FROM memberships WHERE workspace_id LIKE 'matrixdel%'").run();
    cleanup.prepare("DELETE FROM workspaces WHERE id LIKE 'matrixdel%'").run();
    cleanup.close();
    for (const ctx of contexts.values()) await ctx.dispose();
  }
  expect(failures, failures.join("\n")).toEqual([]);
});
