import "server-only";
import { z } from "zod";
import { db, type PrismaClient } from "../db";
import { csvStream, type CsvColumn } from "../exports/csv";

export interface InstanceAuditEntry {
  actor: string;
  action: string;
  entity: string;
  /** The workspace the event concerns, if any; kept as text so the record outlives the workspace. */
  workspaceId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Writes one event to the instance audit trail (not tied to a workspace). */
export async function recordInstanceAudit(entry: InstanceAuditEntry, prisma: PrismaClient = db): Promise<void> {
  await prisma.instanceAuditEvent.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      workspaceId: entry.workspaceId ?? null,
      ip: entry.ip ?? null,
      details: JSON.stringify(entry.details ?? {}),
    },
  });
}

export interface InstanceAuditRow {
  id: number;
  occurredAt: string;
  actor: string;
  action: string;
  entity: string;
  workspaceId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

type Stored = Awaited<ReturnType<typeof db.instanceAuditEvent.findFirstOrThrow>>;

function toRow(e: Stored): InstanceAuditRow {
  let details: Record<string, unknown> = {};
  try {
    details = JSON.parse(e.details) as Record<string, unknown>;
  } catch {
    details = { raw: e.details };
  }
  return {
    id: e.id,
    occurredAt: e.occurredAt.toISOString(),
    actor: e.actor,
    action: e.action,
    entity: e.entity,
    workspaceId: e.workspaceId,
    ip: e.ip,
    details,
  };
}

export const instanceAuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
  action: z.string().max(100).optional(),
});

/** One page of the trail, newest first; `before` is the id of the last row of the previous page. */
export async function listInstanceAudit(options: {
  limit: number;
  before?: number;
  action?: string;
}): Promise<InstanceAuditRow[]> {
  const rows = await db.instanceAuditEvent.findMany({
    where: { id: options.before ? { lt: options.before } : undefined, action: options.action || undefined },
    orderBy: { id: "desc" },
    take: options.limit,
  });
  return rows.map(toRow);
}

const CSV_BATCH = 1_000;

const CSV_COLUMNS: CsvColumn<Stored>[] = [
  { label: "id", value: (r) => r.id },
  { label: "occurred_at", value: (r) => r.occurredAt.toISOString() },
  { label: "actor", value: (r) => r.actor },
  { label: "action", value: (r) => r.action },
  { label: "entity", value: (r) => r.entity },
  { label: "workspace_id", value: (r) => r.workspaceId },
  { label: "ip", value: (r) => r.ip },
  { label: "details", value: (r) => r.details },
];

async function* batches(): AsyncIterable<Stored[]> {
  let after = 0;
  for (;;) {
    const rows = await db.instanceAuditEvent.findMany({
      where: { id: { gt: after } },
      orderBy: { id: "asc" },
      take: CSV_BATCH,
    });
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    yield rows;
  }
}

/** The whole trail as CSV, oldest first, through the export pipeline's CSV writer (batches, never all in memory). */
export function instanceAuditCsv(): ReadableStream<Uint8Array> {
  return csvStream(CSV_COLUMNS, batches());
}
