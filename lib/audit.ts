import "server-only";
import { db } from "./db";

export interface AuditEntry {
  workspaceId: string;
  actor: string;
  action: string;
  entity: string;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      workspaceId: entry.workspaceId,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      ip: entry.ip ?? null,
      details: JSON.stringify(entry.details ?? {}),
    },
  });
}

export function requestIp(req: Request): string | null {
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || req.headers.get("x-real-ip") || null;
}
