import { randomBytes } from "node:crypto";
import { db } from "../lib/db";
import { connection } from "../lib/db/connection";
import { DAY_MS, usageEvents } from "../lib/demo/factories";
import { insertUsageEvents } from "../lib/demo/seed";
import { ensureTemplates } from "../lib/reports/service";

/**
 * A workspace of its own for a test, filled through the demo factories: an owner, usage
 * events over `days` before `now`, and the built-in report templates. Tests that count
 * rows or dispatch schedules use one, so parallel test files never see each other's data.
 */
export async function createTestWorkspace(
  options: { events?: number; days?: number; now?: number; timezone?: string } = {},
) {
  const tag = randomBytes(4).toString("hex");
  const now = options.now ?? Date.now();
  const workspace = await db.workspace.create({
    data: { name: `Test ${tag}`, slug: `test-${tag}`, timezone: options.timezone ?? "America/New_York" },
  });
  const owner = await db.user.create({
    data: { email: `owner-${tag}@example.com`, name: `Owner ${tag}`, passwordHash: "x" },
  });
  await db.membership.create({ data: { userId: owner.id, workspaceId: workspace.id, role: "owner" } });
  const events = options.events ?? 0;
  if (events > 0) {
    const from = now - (options.days ?? 14) * DAY_MS;
    for (const batch of usageEvents({ workspaceId: workspace.id, count: events, from, to: now, seed: 7 })) {
      await insertUsageEvents(connection(), batch);
    }
  }
  await ensureTemplates(workspace.id);
  const report = (key: string) =>
    db.report.findFirstOrThrow({ where: { workspaceId: workspace.id, templateKey: key } });
  return { workspace, owner, report };
}
