import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createApiKeyRoute } from "@/app/api/api-keys/route";
import { DELETE as revokeApiKeyRoute } from "@/app/api/api-keys/[id]/route";
import { POST as createExportRoute } from "@/app/api/exports/route";
import { DELETE as deleteExportRoute } from "@/app/api/exports/[id]/route";
import { POST as cancelExportRoute } from "@/app/api/exports/[id]/cancel/route";
import { GET as downloadExportRoute } from "@/app/api/exports/[id]/download/route";
import { POST as retryExportRoute } from "@/app/api/exports/[id]/retry/route";
import { POST as createImportRoute } from "@/app/api/imports/route";
import { POST as importChunkRoute } from "@/app/api/imports/[id]/chunks/route";
import { POST as createReportRoute } from "@/app/api/reports/route";
import { DELETE as deleteReportRoute, PATCH as updateReportRoute } from "@/app/api/reports/[id]/route";
import { POST as duplicateReportRoute } from "@/app/api/reports/[id]/duplicate/route";
import { POST as createScheduleRoute } from "@/app/api/schedules/route";
import { DELETE as deleteScheduleRoute, PATCH as updateScheduleRoute } from "@/app/api/schedules/[id]/route";
import { POST as runScheduleRoute } from "@/app/api/schedules/[id]/run/route";
import { PATCH as settingsRoute } from "@/app/api/settings/route";
import { DELETE as removeLogoRoute, POST as uploadLogoRoute } from "@/app/api/settings/logo/route";
import { POST as inviteRoute } from "@/app/api/team/invites/route";
import { DELETE as revokeInviteRoute } from "@/app/api/team/invites/[id]/route";
import { POST as inviteLinkRoute } from "@/app/api/team/invites/[id]/link/route";
import { POST as joinCodeRoute } from "@/app/api/team/join-code/route";
import { DELETE as removeMemberRoute, PATCH as changeRoleRoute } from "@/app/api/team/members/[userId]/route";
import { callRoute, testApiKey } from "../testing/api";
import { seeded } from "../testing/db";
import { solidPng } from "../testing/images";
import { scratchWorkspace } from "../testing/workspaces";
import { db } from "./db";
import { prepareExport } from "./exports/pipeline";
import { claimJobIfRoom, runJob } from "./exports/worker";
import { checkDefinition } from "./reports/check";
import { ROLES } from "./roles";

/**
 * Every action the compliance audit promises, done the way a client does it (through the
 * route), and the workspace trail's row for it. The compliance report must then list them all.
 */
const saved = { ...process.env };
beforeAll(() => {
  process.env.CHARTROOM_LOG = "off";
});
afterAll(() => {
  process.env = saved;
});

const scratch = await scratchWorkspace({ label: "audit", roles: ROLES, events: 50 });
const ws = scratch.workspace;
const owner = scratch.people.owner;
const adminKey = (await testApiKey(ws.id, owner.email, "admin")).secret;
const memberKey = (await testApiKey(ws.id, scratch.people.member.email, "member", "member")).secret;
const usage = await scratch.report("usage_summary");
const INVITED = `invited-${ws.slug}@example.com`;

type Ctx = Record<string, string>;
const ctx: Ctx = {};

async function ok(res: Promise<{ status: number; body: unknown }>): Promise<Record<string, Record<string, string>>> {
  const { status, body } = await res;
  expect(status, JSON.stringify(body)).toBeLessThan(300);
  return (body ?? {}) as Record<string, Record<string, string>>;
}

const call = <P>(handler: Parameters<typeof callRoute<P>>[0], options: Parameters<typeof callRoute<P>>[1]) =>
  ok(callRoute<P>(handler, { key: adminKey, ...options }));

interface Case {
  action: string;
  run: () => Promise<void>;
  /** What the row must say besides its action. */
  check?: (row: { actor: string; entity: string; details: Record<string, unknown> }) => void;
}

const CASES: Case[] = [
  {
    action: "report.created",
    run: async () => {
      const body = await call(createReportRoute, {
        body: { name: "Audited report", definition: JSON.parse(usage.definition) },
      });
      ctx.report = body.report.id;
    },
    check: (row) => expect(row.details).toMatchObject({ name: "Audited report" }),
  },
  {
    action: "report.updated",
    run: async () => {
      await call(updateReportRoute, {
        method: "PATCH",
        params: { id: ctx.report },
        body: { name: "Audited, renamed" },
      });
    },
    check: (row) => expect(row.details).toMatchObject({ name: "Audited, renamed", fields: ["name"] }),
  },
  {
    action: "report.duplicated",
    run: async () => {
      ctx.copy = (await call(duplicateReportRoute, { method: "POST", params: { id: ctx.report } })).report.id;
    },
    check: (row) => expect(row.details).toMatchObject({ source: `report:${ctx.report}` }),
  },
  {
    action: "report.deleted",
    run: async () => {
      await call(deleteReportRoute, { method: "DELETE", params: { id: ctx.copy } });
    },
    check: (row) => expect(row.entity).toBe(`report:${ctx.copy}`),
  },
  {
    action: "export.created",
    run: async () => {
      ctx.export = (await call(createExportRoute, { body: { reportId: usage.id, format: "csv" } })).export.id;
    },
  },
  {
    action: "export.canceled",
    run: async () => {
      await call(cancelExportRoute, { method: "POST", params: { id: ctx.export } });
    },
    check: (row) => expect(row.entity).toBe(`export:${ctx.export}`),
  },
  {
    action: "export.retried",
    run: async () => {
      ctx.retry = (await call(retryExportRoute, { method: "POST", params: { id: ctx.export } })).export.id;
    },
    check: (row) => {
      expect(row.entity).toBe(`export:${ctx.retry}`);
      expect(row.details).toMatchObject({ retryOf: `export:${ctx.export}` });
    },
  },
  {
    action: "export.downloaded",
    run: async () => {
      const job = await db.exportJob.findUniqueOrThrow({ where: { id: ctx.retry } });
      expect(await claimJobIfRoom(job, "audit-worker", 10)).toBe(true);
      await runJob(await db.exportJob.findUniqueOrThrow({ where: { id: ctx.retry } }), undefined, "audit-worker");
      const res = await callRoute(downloadExportRoute, { key: adminKey, params: { id: ctx.retry } });
      expect(res.status).toBe(200);
    },
  },
  {
    action: "export.deleted",
    run: async () => {
      await call(deleteExportRoute, { method: "DELETE", params: { id: ctx.retry } });
    },
    check: (row) => expect(row.entity).toBe(`export:${ctx.retry}`),
  },
  {
    action: "import.started",
    run: async () => {
      ctx.import = (
        await call(createImportRoute, {
          body: { dataset: "usage_events", fileName: "audited.csv", mapping: {}, totalRows: 1 },
        })
      ).import.id;
    },
    check: (row) => expect(row.details).toMatchObject({ fileName: "audited.csv" }),
  },
  {
    action: "import.completed",
    run: async () => {
      await call(importChunkRoute, {
        params: { id: ctx.import },
        body: { rows: [{ line: 2, values: { occurredAt: "2019-01-01T00:00:00Z" } }], final: true },
      });
    },
    check: (row) => expect(row.entity).toBe(`import:${ctx.import}`),
  },
  {
    action: "workspace.settings_updated",
    run: async () => {
      // Keys stop at admin, and renaming is for owners: the change that is audited is the brand and locale.
      await call(settingsRoute, { method: "PATCH", body: { brandColor: "#0f766e", locale: "de-DE" } });
    },
    check: (row) =>
      expect(row.details).toMatchObject({
        changes: { brandColor: { from: ws.brandColor, to: "#0f766e" }, locale: { from: "en-US", to: "de-DE" } },
      }),
  },
  {
    action: "workspace.logo_updated",
    run: async () => {
      await call(uploadLogoRoute, { raw: solidPng(30, 10, [1, 2, 3]) });
    },
    check: (row) => expect(row.details).toMatchObject({ format: "png", width: 30, height: 10 }),
  },
  {
    action: "workspace.logo_removed",
    run: async () => {
      await call(removeLogoRoute, { method: "DELETE" });
    },
  },
  {
    action: "api_key.created",
    run: async () => {
      ctx.key = (await call(createApiKeyRoute, { body: { name: "audited key", role: "viewer" } })).apiKey.id;
    },
  },
  {
    action: "api_key.revoked",
    run: async () => {
      await call(revokeApiKeyRoute, { method: "DELETE", params: { id: ctx.key } });
    },
  },
  {
    action: "member.invited",
    run: async () => {
      ctx.invite = (await call(inviteRoute, { body: { email: INVITED, role: "viewer" } })).invite.id;
    },
  },
  {
    action: "invite.link_issued",
    run: async () => {
      await call(inviteLinkRoute, { method: "POST", params: { id: ctx.invite } });
    },
  },
  {
    action: "invite.revoked",
    run: async () => {
      await call(revokeInviteRoute, { method: "DELETE", params: { id: ctx.invite } });
    },
  },
  {
    action: "join_code.rotated",
    run: async () => {
      await call(joinCodeRoute, { method: "POST" });
    },
  },
  {
    action: "member.role_changed",
    run: async () => {
      await call(changeRoleRoute, {
        method: "PATCH",
        params: { userId: scratch.people.viewer.id },
        body: { role: "member" },
      });
    },
  },
  {
    action: "member.removed",
    run: async () => {
      await call(removeMemberRoute, { method: "DELETE", params: { userId: scratch.people.viewer.id } });
    },
  },
  {
    action: "member.left",
    run: async () => {
      await ok(
        callRoute(removeMemberRoute, {
          key: memberKey,
          method: "DELETE",
          params: { userId: scratch.people.member.id },
        }),
      );
    },
    check: (row) => expect(row.actor).toBe(scratch.people.member.email),
  },
  {
    action: "schedule.created",
    run: async () => {
      ctx.schedule = (
        await call(createScheduleRoute, {
          body: {
            name: "Audited",
            reportId: usage.id,
            cron: "0 6 * * *",
            formats: ["csv"],
            recipients: ["audited@example.com"],
          },
        })
      ).schedule.id;
    },
  },
  {
    action: "schedule.updated",
    run: async () => {
      await call(updateScheduleRoute, { method: "PATCH", params: { id: ctx.schedule }, body: { name: "Audited 2" } });
    },
  },
  {
    action: "schedule.run_now",
    run: async () => {
      await call(runScheduleRoute, { method: "POST", params: { id: ctx.schedule } });
    },
  },
  {
    action: "schedule.run_finished",
    run: async () => {
      await expect
        .poll(async () => (await db.scheduleRun.findFirst({ where: { scheduleId: ctx.schedule } }))?.status, {
          timeout: 30_000,
        })
        .toBe("succeeded");
    },
    check: (row) => {
      expect(row.actor).toBe("schedule:Audited 2");
      expect(row.details).toMatchObject({ status: "succeeded", trigger: "manual" });
    },
  },
  {
    // The run's own file: made by the schedule, not by a person.
    action: "export.created",
    run: async () => undefined,
    check: (row) => {
      expect(row.actor).toBe("schedule:Audited 2");
      expect(row.details).toMatchObject({ format: "csv", redaction: "masked" });
    },
  },
  {
    action: "schedule.deleted",
    run: async () => {
      await call(deleteScheduleRoute, { method: "DELETE", params: { id: ctx.schedule } });
    },
  },
];

describe("the workspace audit trail", () => {
  for (const c of CASES) {
    it(`records ${c.action}`, { timeout: 60_000 }, async () => {
      await c.run();
      const rows = await db.auditEvent.findMany({
        where: { workspaceId: ws.id, action: c.action },
        orderBy: { occurredAt: "desc" },
      });
      const parsed = rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
      const matching = parsed.filter((r) => {
        try {
          c.check?.(r);
          return true;
        } catch {
          return false;
        }
      });
      expect(rows.length, `no ${c.action} row`).toBeGreaterThan(0);
      if (c.check) c.check(matching[0] ?? parsed[0]);
    });
  }

  it("lists every audited action in the compliance report, personal details masked", async () => {
    const template = await scratch.report("audit_log");
    const report = checkDefinition(JSON.parse(template.definition), { timezone: "UTC" });
    report.redaction = "masked";
    const branding = {
      name: ws.name,
      slug: ws.slug,
      timezone: "UTC",
      locale: "en-US",
      brandColor: "#2563eb",
      logoUrl: null,
    };
    const prepared = await prepareExport(
      seeded().conn,
      ws.id,
      branding,
      report,
      { name: template.name, description: "" },
      {
        format: "csv",
      },
    );
    const csv = await new Response(prepared.body).text();
    for (const c of CASES) expect(csv, c.action).toContain(c.action);
    for (const personal of [owner.email, INVITED, scratch.people.member.email, scratch.people.viewer.email]) {
      expect(csv).not.toContain(personal);
    }
  });
});
