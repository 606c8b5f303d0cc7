import "server-only";
import { recordAudit } from "../audit";
import { connection } from "../db/connection";
import { limitExports } from "../rate-limit";
import { checkDefinition } from "../reports/check";
import { redactionFor } from "../reports/redaction";
import type { Role } from "../roles";
import type { ExportBranding } from "./types";
import { applyExportChoice, hasChoice, pickChoice, type ExportChoice } from "./choice";
import type { exportQuery } from "./http";
import { prepareExport, type PreparedExport } from "./pipeline";

export interface StreamedExportRequest {
  workspace: ExportBranding & { id: string };
  user: { id: string; email: string };
  role: Role;
  ip: string | null;
  query: ReturnType<typeof exportQuery.parse>;
  /** The definition to export (not yet checked), with the name and description the file shows. */
  definition: unknown;
  info: { name: string; description: string };
  /** The period and fields chosen for this file; none exports the definition as it is. */
  choice?: ExportChoice;
  /** What the audit trail records the export under, and what it adds to its details. */
  audit: { entity: string; details: Record<string, unknown> };
}

/**
 * The one sequence of a streamed download, whichever route asks: rate limit → check →
 * redact by role → prepare the stream → audit. The file itself is written as the client reads.
 */
export async function prepareReportExport(req: StreamedExportRequest): Promise<PreparedExport> {
  const { workspace, user, role, query } = req;
  await limitExports(user.id, workspace.id);
  const choice = pickChoice(req.choice ?? {});
  const saved = checkDefinition(req.definition, { timezone: workspace.timezone });
  const report = applyExportChoice(saved, choice, workspace.timezone);
  report.redaction = redactionFor(role, query.redaction);
  const prepared = await prepareExport(connection(), workspace.id, workspace, report, req.info, {
    format: query.format,
    bom: query.bom === "1",
    template: query.template,
  });
  await recordAudit({
    workspaceId: workspace.id,
    actor: user.email,
    action: "report.exported",
    entity: req.audit.entity,
    ip: req.ip,
    details: {
      format: query.format,
      ...req.audit.details,
      from: report.range.from,
      to: report.range.to,
      redaction: report.redaction,
      ...(hasChoice(choice) ? { choice } : {}),
    },
  });
  return prepared;
}
