import "server-only";
import { db } from "./db";
import { clientAddress } from "./net/client";

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

/** The client's address for an audit event (lib/net/client.ts decides it). */
export function requestIp(req: Request): string | null {
  return clientAddress(req);
}
