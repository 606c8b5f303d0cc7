import bcrypt from "bcryptjs";
import type { PrismaClient } from "../db";
import type { Connection } from "../db/connection";
import { insertRows, type BulkColumn } from "../db/bulk";
import { sql } from "../db/sql";
import { provisionWorkspace } from "../workspace-defaults";
import {
  alerts,
  auditEvents,
  DAY_MS,
  modelMetrics,
  usageEvents,
  type AlertRow,
  type AuditEventRow,
  type ModelMetricRow,
  type UsageEventRow,
} from "./factories";

export const DEMO_PASSWORD = "chartroom-demo";
export const DEMO_EMAIL = "demo@chartroom.dev";
export const DEFAULT_DEMO_EVENTS = 100_000;

/** The demo tenants. Two workspaces, so isolation is visible and testable. */
export const DEMO_WORKSPACES = [
  { slug: "acme", name: "Acme Analytics", timezone: "America/New_York", brandColor: "#2563eb", share: 0.7, seed: 11 },
  { slug: "globex", name: "Globex Monitoring", timezone: "Europe/Berlin", brandColor: "#0f766e", share: 0.3, seed: 29 },
] as const;

export const DEMO_USERS = [
  { email: DEMO_EMAIL, name: "Dana Demo", roles: { acme: "owner", globex: "admin" } },
  { email: "alex@acme.test", name: "Alex Admin", roles: { acme: "admin" } },
  { email: "mia@acme.test", name: "Mia Member", roles: { acme: "member" } },
  { email: "victor@acme.test", name: "Victor Viewer", roles: { acme: "viewer" } },
  { email: "gina@globex.test", name: "Gina Globex", roles: { globex: "owner" } },
] as const;

export interface SeedOptions {
  events?: number;
  /** End of the generated period; defaults to now. */
  now?: number;
  days?: number;
}

export interface SeedSummary {
  workspaces: { id: string; slug: string; events: number }[];
  from: number;
  to: number;
}

const USAGE_COLUMNS: BulkColumn<UsageEventRow>[] = [
  { name: "workspace_id", kind: "text", value: (r) => r.workspaceId },
  { name: "occurred_at", kind: "time", value: (r) => r.occurredAt },
  { name: "user_id", kind: "text", value: (r) => r.userId },
  { name: "device_id", kind: "text", value: (r) => r.deviceId },
  { name: "event_type", kind: "text", value: (r) => r.eventType },
  { name: "plan", kind: "text", value: (r) => r.plan },
  { name: "country", kind: "text", value: (r) => r.country },
  { name: "duration_ms", kind: "int", value: (r) => r.durationMs },
  { name: "revenue_cents", kind: "int", value: (r) => r.revenueCents },
];

const METRIC_COLUMNS: BulkColumn<ModelMetricRow>[] = [
  { name: "workspace_id", kind: "text", value: (r) => r.workspaceId },
  { name: "recorded_at", kind: "time", value: (r) => r.recordedAt },
  { name: "model_name", kind: "text", value: (r) => r.modelName },
  { name: "model_version", kind: "text", value: (r) => r.modelVersion },
  { name: "accuracy", kind: "float", value: (r) => r.accuracy },
  { name: "precision", kind: "float", value: (r) => r.precision },
  { name: "recall", kind: "float", value: (r) => r.recall },
  { name: "f1", kind: "float", value: (r) => r.f1 },
  { name: "latency_ms", kind: "float", value: (r) => r.latencyMs },
  { name: "drift_score", kind: "float", value: (r) => r.driftScore },
  { name: "prediction_count", kind: "int", value: (r) => r.predictionCount },
];

const ALERT_COLUMNS: BulkColumn<AlertRow>[] = [
  { name: "workspace_id", kind: "text", value: (r) => r.workspaceId },
  { name: "triggered_at", kind: "time", value: (r) => r.triggeredAt },
  { name: "severity", kind: "text", value: (r) => r.severity },
  { name: "source", kind: "text", value: (r) => r.source },
  { name: "title", kind: "text", value: (r) => r.title },
  { name: "resolved_at", kind: "time", value: (r) => r.resolvedAt },
];

const AUDIT_COLUMNS: BulkColumn<AuditEventRow>[] = [
  { name: "workspace_id", kind: "text", value: (r) => r.workspaceId },
  { name: "occurred_at", kind: "time", value: (r) => r.occurredAt },
  { name: "actor", kind: "text", value: (r) => r.actor },
  { name: "action", kind: "text", value: (r) => r.action },
  { name: "entity", kind: "text", value: (r) => r.entity },
  { name: "ip", kind: "text", value: (r) => r.ip },
  { name: "details", kind: "text", value: (r) => r.details },
];

export async function insertUsageEvents(conn: Connection, rows: UsageEventRow[]): Promise<void> {
  await insertRows(conn, "usage_events", USAGE_COLUMNS, rows);
}

/** Fills an empty database with the demo users, workspaces and 90 days of analytics data. */
export async function seedDemo(
  prisma: PrismaClient,
  conn: Connection,
  options: SeedOptions = {},
): Promise<SeedSummary> {
  const total = options.events ?? DEFAULT_DEMO_EVENTS;
  const to = Math.floor((options.now ?? Date.now()) / 60_000) * 60_000;
  const from = to - (options.days ?? 90) * DAY_MS;
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);

  const workspaces = [];
  for (const w of DEMO_WORKSPACES) {
    const ws = await prisma.workspace.create({
      data: { name: w.name, slug: w.slug, timezone: w.timezone, brandColor: w.brandColor, locale: "en-US" },
    });
    workspaces.push({ ...w, id: ws.id });
  }
  for (const u of DEMO_USERS) {
    const user = await prisma.user.create({
      data: { email: u.email, name: u.name, passwordHash, instanceAdmin: u.email === DEMO_EMAIL },
    });
    for (const [slug, role] of Object.entries(u.roles)) {
      const ws = workspaces.find((w) => w.slug === slug);
      if (ws) await prisma.membership.create({ data: { userId: user.id, workspaceId: ws.id, role } });
    }
  }

  const summary: SeedSummary = { workspaces: [], from, to };
  for (const w of workspaces) {
    const count = Math.round(total * w.share);
    const span = { workspaceId: w.id, from, to, seed: w.seed };
    await conn.transaction(async (tx) => {
      for (const batch of usageEvents({ ...span, count }, 20_000)) await insertUsageEvents(tx, batch);
      await insertRows(tx, "model_metrics", METRIC_COLUMNS, modelMetrics(span));
      await insertRows(tx, "alerts", ALERT_COLUMNS, alerts({ ...span, count: 160 }));
      const actors = DEMO_USERS.filter((u) => w.slug in u.roles).map((u) => u.email);
      await insertRows(tx, "audit_events", AUDIT_COLUMNS, auditEvents({ ...span, count: 600, actors }));
    });
    await provisionWorkspace(prisma, w.id, options.now ?? Date.now());
    summary.workspaces.push({ id: w.id, slug: w.slug, events: count });
  }
  await prisma.appSetting.upsert({
    where: { key: "demo" },
    create: { key: "demo", value: "true" },
    update: { value: "true" },
  });
  return summary;
}

/** Seeds only a database with no users and no workspaces, so real data is never touched. */
export async function seedIfEmpty(
  prisma: PrismaClient,
  conn: Connection,
  options: SeedOptions = {},
): Promise<SeedSummary | null> {
  const [{ n }] = await conn.query<{ n: number }>(
    sql`SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM workspaces) AS n`,
  );
  if (Number(n) > 0) return null;
  return seedDemo(prisma, conn, options);
}

export async function isDemoInstance(prisma: PrismaClient): Promise<boolean> {
  const setting = await prisma.appSetting.findUnique({ where: { key: "demo" } });
  return setting?.value === "true";
}
