import { randomBytes } from "node:crypto";
import { db } from "../lib/db";
import { connection } from "../lib/db/connection";
import { DAY_MS, usageEvents } from "../lib/demo/factories";
import { insertUsageEvents } from "../lib/demo/seed";
import { ensureTemplates } from "../lib/reports/service";
import type { Role } from "../lib/roles";

export interface ScratchPerson {
  id: string;
  email: string;
}

export interface ScratchOptions<R extends Role> {
  /** Part of the workspace's name and slug, to tell tests' workspaces apart in a shared database. */
  label?: string;
  timezone?: string;
  /** One member per role; `[]` for a workspace with nobody in it yet. */
  roles?: readonly R[];
  /** Usage events spread over `days` before `now`, made by the demo's factories. */
  events?: number;
  days?: number;
  now?: number;
  /** The built-in report templates (on unless turned off). */
  templates?: boolean;
}

/**
 * A workspace of the test's own, filled through the same factories as the demo, so tests that
 * count rows, claim jobs or dispatch schedules never see another test file's data.
 */
export async function scratchWorkspace<R extends Role = "owner">(options: ScratchOptions<R> = {}) {
  const label = options.label ?? "test";
  const tag = `${label}-${randomBytes(4).toString("hex")}`;
  const now = options.now ?? Date.now();
  const workspace = await db.workspace.create({
    data: { name: `Test ${tag}`, slug: tag, timezone: options.timezone ?? "UTC" },
  });
  const people = {} as Record<R, ScratchPerson>;
  for (const role of options.roles ?? (["owner"] as R[])) {
    const user = await db.user.create({
      data: { email: `${role}-${tag}@scratch.test`, name: `${role} ${tag}`, passwordHash: "x" },
    });
    await db.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role } });
    people[role] = { id: user.id, email: user.email };
  }
  const events = options.events ?? 0;
  if (events > 0) {
    const from = now - (options.days ?? 14) * DAY_MS;
    for (const batch of usageEvents({ workspaceId: workspace.id, count: events, from, to: now, seed: 7 })) {
      await insertUsageEvents(connection(), batch);
    }
  }
  if (options.templates ?? true) await ensureTemplates(workspace.id);
  const report = (key: string) =>
    db.report.findFirstOrThrow({ where: { workspaceId: workspace.id, templateKey: key } });
  return { workspace, people, report };
}
