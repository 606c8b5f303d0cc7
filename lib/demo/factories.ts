// Deterministic generators for the analytics data. The demo seed, the tests and the
// benchmarks all build their rows here, so they all see data of the same shape.
import { Random } from "./random";

export const DAY_MS = 86_400_000;

export interface UsageEventRow {
  workspaceId: string;
  occurredAt: number;
  userId: string;
  deviceId: string;
  eventType: string;
  plan: string;
  country: string;
  durationMs: number;
  /** Whole cents. */
  revenueCents: number;
}

export interface ModelMetricRow {
  workspaceId: string;
  recordedAt: number;
  modelName: string;
  modelVersion: string;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  latencyMs: number;
  driftScore: number;
  predictionCount: number;
}

export interface AlertRow {
  workspaceId: string;
  triggeredAt: number;
  severity: string;
  source: string;
  title: string;
  resolvedAt: number | null;
}

export interface AuditEventRow {
  workspaceId: string;
  occurredAt: number;
  actor: string;
  action: string;
  entity: string;
  ip: string | null;
  details: string;
}

export const EVENT_TYPES = [
  ["page_view", 46],
  ["session_start", 14],
  ["report_view", 12],
  ["api_call", 11],
  ["export", 6],
  ["login", 6],
  ["signup", 2],
  ["purchase", 2],
  ["error", 1],
] as const;

const PLANS = [
  ["free", 50],
  ["starter", 25],
  ["pro", 18],
  ["enterprise", 7],
] as const;

const PLAN_PRICE: Record<string, number> = { free: 0, starter: 19, pro: 49, enterprise: 299 };

const COUNTRIES = [
  ["US", 34],
  ["DE", 12],
  ["GB", 10],
  ["FR", 8],
  ["IN", 8],
  ["BR", 6],
  ["CA", 6],
  ["JP", 5],
  ["AU", 4],
  ["NL", 4],
  ["ES", 3],
] as const;

const MEDIAN_DURATION: Record<string, number> = {
  page_view: 18_000,
  session_start: 240_000,
  report_view: 45_000,
  api_call: 350,
  export: 4_000,
  login: 2_500,
  signup: 60_000,
  purchase: 30_000,
  error: 800,
};

export interface UsageOptions {
  workspaceId: string;
  count: number;
  /** Events fall in [from, to). */
  from: number;
  to: number;
  seed: number;
  users?: number;
}

/**
 * Usage events with a daily rhythm and a gentle growth trend, in roughly ascending time.
 * Yields batches so millions of rows never sit in memory at once.
 */
export function* usageEvents(options: UsageOptions, batchSize = 5000): Generator<UsageEventRow[]> {
  const rng = new Random(options.seed);
  const userCount = options.users ?? Math.max(50, Math.round(Math.sqrt(options.count) * 6));
  const users = Array.from({ length: userCount }, (_, i) => ({
    id: `u_${(i + 1).toString().padStart(5, "0")}`,
    plan: rng.weighted(PLANS),
    country: rng.weighted(COUNTRIES),
    devices: rng.int(1, 3),
  }));
  const span = options.to - options.from;
  let batch: UsageEventRow[] = [];
  // Evenly spaced slots with jitter spread events over the span without holding them all.
  const slot = span / options.count;
  for (let i = 0; i < options.count; i++) {
    let t = options.from + slot * i + rng.next() * slot;
    // Quieter nights and weekends: push some events towards the working day.
    const hour = new Date(t).getUTCHours();
    if ((hour < 6 || hour > 21) && rng.next() < 0.5) t = Math.min(options.to - 1, t + 3600_000 * rng.int(1, 3));
    const growth = 0.6 + 0.4 * ((t - options.from) / span);
    const user = users[Math.floor(Math.pow(rng.next(), 1.6 - growth * 0.4) * users.length)];
    const eventType = rng.weighted(EVENT_TYPES);
    const revenueCents = eventType === "purchase" ? PLAN_PRICE[user.plan] * 100 * rng.int(1, 3) : 0;
    batch.push({
      workspaceId: options.workspaceId,
      occurredAt: Math.floor(t),
      userId: user.id,
      deviceId: `${user.id}-d${rng.int(1, user.devices)}`,
      eventType,
      plan: user.plan,
      country: user.country,
      durationMs: Math.round(rng.logNormal(MEDIAN_DURATION[eventType], 0.7)),
      revenueCents,
    });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

const MODELS = [
  { name: "churn-predictor", versions: ["v3.1", "v3.2"], base: 0.91, latency: 42 },
  { name: "fraud-detector", versions: ["v7.0"], base: 0.96, latency: 18 },
  { name: "demand-forecast", versions: ["v1.4", "v1.5"], base: 0.84, latency: 120 },
];

export interface SpanOptions {
  workspaceId: string;
  from: number;
  to: number;
  seed: number;
}

/** Hourly metrics per model; each model drifts after a point and recovers at a new version. */
export function modelMetrics(options: SpanOptions): ModelMetricRow[] {
  const rng = new Random(options.seed);
  const rows: ModelMetricRow[] = [];
  const hours = Math.floor((options.to - options.from) / 3600_000);
  for (const model of MODELS) {
    const driftStart = Math.floor(hours * (0.45 + rng.next() * 0.3));
    const release = model.versions.length > 1 ? driftStart + rng.int(72, 240) : Number.POSITIVE_INFINITY;
    for (let h = 0; h < hours; h++) {
      const drifting = h >= driftStart && h < release;
      const drift = drifting ? Math.min(0.6, 0.08 + (h - driftStart) / 400) : 0.03 + rng.next() * 0.05;
      const accuracy = clamp(model.base - (drifting ? drift * 0.12 : 0) + rng.normal(0, 0.006), 0.5, 0.999);
      const precision = clamp(accuracy + rng.normal(0.01, 0.01), 0.5, 0.999);
      const recall = clamp(accuracy + rng.normal(-0.02, 0.012), 0.4, 0.999);
      rows.push({
        workspaceId: options.workspaceId,
        recordedAt: options.from + h * 3600_000,
        modelName: model.name,
        modelVersion: h >= release ? model.versions[1] : model.versions[0],
        accuracy: round(accuracy, 4),
        precision: round(precision, 4),
        recall: round(recall, 4),
        f1: round((2 * precision * recall) / (precision + recall), 4),
        latencyMs: round(rng.logNormal(model.latency, 0.25), 1),
        driftScore: round(drift, 4),
        predictionCount: rng.int(800, 4000),
      });
    }
  }
  return rows.sort((a, b) => a.recordedAt - b.recordedAt);
}

const ALERT_KINDS = [
  { source: "churn-predictor", title: "Accuracy below 85% threshold", severity: "critical" },
  { source: "churn-predictor", title: "Feature drift detected on tenure_days", severity: "warning" },
  { source: "fraud-detector", title: "Latency p95 above 250 ms", severity: "warning" },
  { source: "demand-forecast", title: "Prediction volume dropped 40%", severity: "warning" },
  { source: "ingestion", title: "Late events from eu-west collector", severity: "info" },
  { source: "ingestion", title: "Schema mismatch in batch upload", severity: "critical" },
  { source: "billing", title: "Revenue spike outside expected range", severity: "info" },
  { source: "api", title: "Error rate above 2% on /v1/events", severity: "critical" },
] as const;

export function alerts(options: SpanOptions & { count: number }): AlertRow[] {
  const rng = new Random(options.seed);
  const rows: AlertRow[] = [];
  for (let i = 0; i < options.count; i++) {
    const kind = rng.pick(ALERT_KINDS);
    const triggeredAt = Math.floor(options.from + rng.next() * (options.to - options.from));
    const recent = options.to - triggeredAt < 5 * DAY_MS;
    const open = recent ? rng.next() < 0.6 : rng.next() < 0.04;
    rows.push({
      workspaceId: options.workspaceId,
      triggeredAt,
      severity: kind.severity,
      source: kind.source,
      title: kind.title,
      resolvedAt: open ? null : Math.min(options.to - 1, triggeredAt + Math.round(rng.logNormal(3 * 3600_000, 1))),
    });
  }
  return rows.sort((a, b) => a.triggeredAt - b.triggeredAt);
}

const AUDIT_ACTIONS = [
  ["report.viewed", "report"],
  ["report.exported", "export"],
  ["report.created", "report"],
  ["schedule.updated", "schedule"],
  ["member.invited", "membership"],
  ["user.signed_in", "session"],
  ["settings.updated", "workspace"],
] as const;

export function auditEvents(options: SpanOptions & { count: number; actors: readonly string[] }): AuditEventRow[] {
  const rng = new Random(options.seed);
  const rows: AuditEventRow[] = [];
  for (let i = 0; i < options.count; i++) {
    const [action, entity] = rng.pick(AUDIT_ACTIONS);
    const ref = `${entity}_${rng.int(1, 400)}`;
    rows.push({
      workspaceId: options.workspaceId,
      occurredAt: Math.floor(options.from + rng.next() * (options.to - options.from)),
      actor: rng.pick(options.actors),
      action,
      entity: ref,
      ip: `203.0.113.${rng.int(1, 254)}`,
      details: JSON.stringify({ via: rng.pick(["web", "api", "schedule"]) }),
    });
  }
  return rows.sort((a, b) => a.occurredAt - b.occurredAt);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
