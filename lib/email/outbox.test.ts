import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as attachmentRoute } from "@/app/api/outbox/[id]/attachments/[index]/route";
import { GET as emailRoute } from "@/app/api/outbox/[id]/route";
import { GET as listRoute } from "@/app/api/outbox/route";
import { createApiKey } from "../api-keys/keys";
import { db } from "../db";
import { runNow } from "../schedules/dispatch";
import { createSchedule } from "../schedules/service";
import { scratchWorkspace } from "../../testing/workspaces";
import { keepInOutbox } from "./outbox";
import { WITHHELD_LINK_NOTE } from "./secret-links";

const saved = { ...process.env };

beforeAll(() => {
  delete process.env.RESEND_API_KEY;
  process.env.CHARTROOM_LOG = "off";
});

afterAll(() => {
  process.env = saved;
});

type Handler<P> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;

function call<P>(handler: Handler<P>, key: string, params: P) {
  return handler(new NextRequest("http://localhost/api/outbox", { headers: { Authorization: `Bearer ${key}` } }), {
    params: Promise.resolve(params),
  });
}

describe("the outbox", () => {
  it("is for admins and owners only: list, message and attachments", async () => {
    const t = await scratchWorkspace({ timezone: "America/New_York" });
    const id = await keepInOutbox(
      {
        workspaceId: t.workspace.id,
        to: "someone@example.com",
        subject: "Kept",
        html: "<p>hi</p>",
        text: "hi",
        idempotencyKey: `outbox-access-${t.workspace.id}`,
        attachments: [{ filename: "a.csv", contentType: "text/csv", content: Buffer.from("a\n1\n") }],
      },
      "Chartroom <reports@chartroom.local>",
    );
    for (const role of ["viewer", "member", "admin", "owner"] as const) {
      const user = await db.user.create({
        data: { email: `${role}-${t.workspace.id}@example.com`, name: role, passwordHash: "x" },
      });
      await db.membership.create({ data: { userId: user.id, workspaceId: t.workspace.id, role } });
      const keyRole = role === "owner" ? "admin" : role;
      const { secret } = await createApiKey({
        workspaceId: t.workspace.id,
        name: role,
        role: keyRole,
        creatorId: user.id,
        creatorRole: role,
      });
      const answers = [
        await call(listRoute, secret, {}),
        await call(emailRoute, secret, { id }),
        await call(attachmentRoute, secret, { id, index: "0" }),
      ];
      const expected = role === "viewer" || role === "member" ? 403 : 200;
      expect(answers.map((r) => r.status)).toEqual([expected, expected, expected]);
      if (expected === 403) {
        for (const res of answers) expect((await res.json()).error.code).toBe("forbidden");
      } else {
        expect(await answers[2].text()).toBe("a\n1\n");
      }
    }
  });

  it("keeps scheduled e-mails without their signed download links, in HTML and text", async () => {
    process.env.CHARTROOM_EMAIL_ATTACHMENT_MAX_BYTES = "100";
    try {
      const t = await scratchWorkspace({ events: 300, timezone: "America/New_York" });
      const report = await t.report("usage_summary");
      const schedule = await createSchedule(t.workspace.id, t.people.owner.email, {
        name: "Linked",
        reportId: report.id,
        cron: "0 9 * * *",
        timezone: "UTC",
        formats: ["csv", "json"],
        delivery: "link",
        recipients: ["linked@example.com"],
        subjectTemplate: "{{report}}",
        skipIfEmpty: false,
        active: true,
      });
      const { done } = await runNow(t.workspace.id, schedule.id);
      expect(await done).toBe("succeeded");
      const kept = await db.outboxEmail.findFirstOrThrow({ where: { workspaceId: t.workspace.id } });
      const stored = `${kept.subject}\n${kept.html}\n${kept.text}\n${kept.attachments}`;
      expect(stored).not.toMatch(/sig=|\/file\?|[0-9a-f]{64}/);
      expect(kept.html.split(WITHHELD_LINK_NOTE).length - 1).toBeGreaterThanOrEqual(2);
      // A withheld link is shown as text, not as a link that leads nowhere.
      expect(kept.html).not.toMatch(/href=["']\[link withheld/);
      expect(kept.text).toContain(WITHHELD_LINK_NOTE);
      // The rest of the e-mail is as sent.
      expect(kept.text).toMatch(/Download CSV \(\d+ KB\) \[link withheld[^\]]*\] \(link valid until/);
    } finally {
      delete process.env.CHARTROOM_EMAIL_ATTACHMENT_MAX_BYTES;
    }
  });

  it("withholds links of a known secret shape in e-mails kept before links were marked", async () => {
    const t = await scratchWorkspace({ timezone: "America/New_York" });
    const token = "Zq3_" + "x".repeat(40);
    const signed = `http://localhost:3000/api/exports/job123/file?expires=1999999999&sig=${"ab".repeat(32)}`;
    const legacy = await db.outboxEmail.create({
      data: {
        workspaceId: t.workspace.id,
        idempotencyKey: `legacy-${t.workspace.id}`,
        fromAddress: "Chartroom <reports@chartroom.local>",
        toAddress: "old@example.com",
        subject: "Join us",
        html: `<p><a href="http://localhost:3000/invite/${token}">Accept</a> <a href="${signed.replace("&", "&amp;")}">CSV</a></p>`,
        text: `Accept the invite: http://localhost:3000/invite/${token}\nCSV: ${signed}`,
        attachments: "[]",
      },
    });
    const owner = await db.user.findFirstOrThrow({
      where: { memberships: { some: { workspaceId: t.workspace.id, role: "owner" } } },
    });
    const { secret } = await createApiKey({
      workspaceId: t.workspace.id,
      name: "o",
      role: "admin",
      creatorId: owner.id,
      creatorRole: "owner",
    });
    const res = await call(emailRoute, secret, { id: legacy.id });
    const { email } = (await res.json()) as { email: { html: string; text: string } };
    for (const body of [email.html, email.text]) {
      expect(body).not.toContain(token);
      expect(body).not.toMatch(/sig=|[0-9a-f]{64}/);
      expect(body.split(WITHHELD_LINK_NOTE)).toHaveLength(3);
      expect(body).not.toMatch(/href=["']\[link withheld/);
    }
  });
});
